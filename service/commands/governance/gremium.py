"""Commands on gremia and mandate rules (the programme office), and the
composed governance command service (gremia, overleggen, besluiten)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from domain.besluit import Besluit
from domain.errors import NotAllowed, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.mandaat import Mandaatregeling, mandaat_id
from domain.regio import Regio, regio_id
from service.access.authority import require_authorizing_besluit
from service.access.authz import require_programmabureau
from service.commands.base import Envelope, Executor, Saved
from service.commands.governance.besluit import BesluitCommands
from service.commands.governance.overleg import OverlegCommands


def parse_besluit(command: Envelope) -> UUID:
    try:
        return UUID(str(command.besluit_id))
    except ValueError:
        raise ValidationFailed([Problem("besluitId", "geen geldig besluit-id")]) from None


class GremiumCommands:
    x: Executor

    def stel_gremium_in(self, command: Envelope, **fields: Any) -> Saved:
        require_programmabureau(command.principal, "een gremium instellen")

        def decide() -> list[Gremium]:
            self.x.load(Regio, regio_id(fields["regio"]), f"regio {fields['regio']}")
            if self.x.exists(gremium_id(fields["code"])):
                raise ValidationFailed([Problem("code", f"gremium {fields['code']} bestaat al")])
            return [Gremium.stel_in(**fields)]

        return self.x.execute(command, "stelGremiumIn", fields, decide)

    def wijzig_gremium(
        self, command: Envelope, code: str, expected_version: int | None, *, voorzitter: str | None, cadans: str | None
    ) -> Saved:
        require_programmabureau(command.principal, "een gremium wijzigen")

        def decide() -> list[Gremium]:
            gremium = self._gremium(code, expected_version)
            if voorzitter is not None and voorzitter != gremium.voorzitter:
                gremium.wijzig_voorzitter(voorzitter)
            if cadans is not None and cadans != gremium.cadans:
                gremium.wijzig_cadans(cadans)
            return [gremium]

        payload = {"code": code, "voorzitter": voorzitter, "cadans": cadans, "expected": expected_version}
        return self.x.execute(command, "wijzigGremium", payload, decide)

    def wijzig_zetel(
        self, command: Envelope, code: str, expected_version: int | None, organisatie: str, zetel: dict[str, Any] | None
    ) -> Saved:
        """Add a seat (``zetel`` given) or let one lapse (``zetel`` None)."""
        require_programmabureau(command.principal, "de zetels van een gremium wijzigen")

        def decide() -> list[Gremium]:
            gremium = self._gremium(code, expected_version)
            if zetel is None:
                gremium.laat_zetel_vervallen(organisatie)
            else:
                gremium.voeg_zetel_toe(organisatie, bool(zetel.get("deel_agenda")), list(zetel.get("onderwerpen", [])))
            return [gremium]

        payload = {"code": code, "organisatie": organisatie, "zetel": zetel, "expected": expected_version}
        return self.x.execute(command, "wijzigZetel", payload, decide)

    def voeg_gremia_samen(self, command: Envelope, bronnen: list[str], opvolger: str, datum: dt.date) -> Saved:
        """Fold ``bronnen`` into ``opvolger``; each source is opgeheven on ``datum``."""
        require_programmabureau(command.principal, "gremia samenvoegen")

        def decide() -> list[Gremium]:
            if command.besluit_id:
                require_authorizing_besluit(self.x, parse_besluit(command), None)
            doel = self._gremium(opvolger, None)
            if not bronnen or opvolger in bronnen or len(set(bronnen)) != len(bronnen):
                raise ValidationFailed([Problem("bronnen", "één of meer andere, verschillende gremia")])
            oud = [self._gremium(code, None) for code in bronnen]
            andere = [g.code for g in oud if g.regio != doel.regio]
            if andere:
                raise ValidationFailed([Problem("bronnen", f"niet in regio {doel.regio}: {', '.join(andere)}")])
            for g in oud:
                g.hef_op(datum, opvolger)
            doel.neem_voorgangers_op(bronnen, datum)
            return [doel, *oud]

        payload = {"bronnen": bronnen, "opvolger": opvolger, "datum": datum}
        return self.x.execute(command, "voegGremiaSamen", payload, decide)

    def _gremium(self, code: str, expected_version: int | None) -> Gremium:
        gremium = self.x.load(Gremium, gremium_id(code), f"gremium {code}")
        self.x.expect_version(gremium, expected_version, f"gremium {code}")
        return gremium

    # -- mandate rules ------------------------------------------------------
    def stel_mandaat_vast(
        self, command: Envelope, regio: str, geldig_vanaf: dt.date, regels: list[dict[str, Any]]
    ) -> Saved:
        require_programmabureau(command.principal, "een mandaatregeling vaststellen")

        def decide() -> list[Mandaatregeling]:
            self.x.load(Regio, regio_id(regio), f"regio {regio}")
            if self.x.exists(mandaat_id(regio)):
                raise ValidationFailed(
                    [Problem("regio", "heeft al een mandaatregeling; wijzig die op gezag van een besluit")]
                )
            if command.besluit_id:
                require_authorizing_besluit(self.x, parse_besluit(command), "inhoudelijk")
            return [Mandaatregeling.stel_vast(regio, geldig_vanaf, regels)]

        payload = {"regio": regio, "geldig_vanaf": geldig_vanaf, "regels": regels}
        return self.x.execute(command, "stelMandaatVast", payload, decide)

    def wijzig_mandaat(
        self,
        command: Envelope,
        regio: str,
        geldig_vanaf: dt.date,
        regels: list[dict[str, Any]],
        expected_version: int | None,
    ) -> Saved:
        """A new version of the rules, from ``geldig_vanaf``, on the authority of a
        genomen besluit of a body that may change the kaders on content."""
        require_programmabureau(command.principal, "mandaatregels wijzigen")

        def decide() -> list[Mandaatregeling]:
            if not command.besluit_id:
                raise NotAllowed("mandaatregels wijzigen alleen op gezag van een vastgelegd besluit (besluitId)")
            besluit_uuid = parse_besluit(command)
            require_authorizing_besluit(self.x, besluit_uuid, "inhoudelijk")
            besluit = self.x.load(Besluit, besluit_uuid, "besluit")
            if besluit.regio != regio:
                raise NotAllowed(f"het besluit is van regio {besluit.regio}, niet van {regio}")
            if besluit.datum is not None and geldig_vanaf < besluit.datum:
                raise ValidationFailed([Problem("geldigVanaf", "ligt voor de datum van het besluit")])
            regeling = self.x.load(Mandaatregeling, mandaat_id(regio), f"mandaatregeling {regio}")
            self.x.expect_version(regeling, expected_version, f"mandaatregeling {regio}")
            regeling.wijzig(geldig_vanaf, regels)
            return [regeling]

        payload = {"regio": regio, "geldig_vanaf": geldig_vanaf, "regels": regels, "expected": expected_version}
        return self.x.execute(command, "wijzigMandaat", payload, decide)


class GovernanceCommands(GremiumCommands, OverlegCommands, BesluitCommands):
    """Every governance command: gremia, mandate rules, overleggen, besluiten."""

    def __init__(self, executor: Executor) -> None:
        self.x = executor

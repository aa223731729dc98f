"""Commands on gremia and mandate rules (the programme office)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from domain.besluit import Besluit
from domain.errors import NotAllowed, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.mandaat import Mandaatregeling, mandaat_id
from domain.principal import Principal
from domain.regio import Regio, regio_id
from service.access.authority import require_authorizing_besluit
from service.access.authz import require_programmabureau
from service.commands.base import Command, Envelope, Executor


def load_gremium(x: Executor, code: str, expected_version: int | None) -> Gremium:
    gremium = x.load(Gremium, gremium_id(code), f"gremium {code}")
    x.expect_version(gremium, expected_version, f"gremium {code}")
    return gremium


@dataclass(frozen=True, kw_only=True)
class StelGremiumIn(Command):
    operation: ClassVar[str] = "stelGremiumIn"
    code: str
    regio: str
    naam: str
    type: str
    cadans: str
    ingesteld_op: dt.date
    voorzitter: str | None = None
    zetels: list[dict[str, Any]] = field(default_factory=list)
    """Each ``{"organisatie", "deel_agenda", "onderwerpen"}``."""

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een gremium instellen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Gremium]:
        x.load(Regio, regio_id(self.regio), f"regio {self.regio}")
        if x.exists(gremium_id(self.code)):
            raise ValidationFailed([Problem("code", f"gremium {self.code} bestaat al")])
        gremium = Gremium.stel_in(
            code=self.code,
            regio=self.regio,
            naam=self.naam,
            type=self.type,
            cadans=self.cadans,
            ingesteld_op=self.ingesteld_op,
            voorzitter=self.voorzitter,
            zetels=[dict(z) for z in self.zetels],
        )
        return [gremium]


@dataclass(frozen=True, kw_only=True)
class WijzigGremium(Command):
    """A new voorzitter or cadans; None leaves it as it is."""

    operation: ClassVar[str] = "wijzigGremium"
    code: str
    expected_version: int | None = None
    voorzitter: str | None = None
    cadans: str | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een gremium wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Gremium]:
        gremium = load_gremium(x, self.code, self.expected_version)
        if self.voorzitter is not None and self.voorzitter != gremium.voorzitter:
            gremium.wijzig_voorzitter(self.voorzitter)
        if self.cadans is not None and self.cadans != gremium.cadans:
            gremium.wijzig_cadans(self.cadans)
        return [gremium]


@dataclass(frozen=True, kw_only=True)
class WijzigZetel(Command):
    """Add a seat (``zetel`` given: ``{"deel_agenda", "onderwerpen"}``) or let one lapse (``zetel`` None)."""

    operation: ClassVar[str] = "wijzigZetel"
    code: str
    expected_version: int | None = None
    organisatie: str
    zetel: dict[str, Any] | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "de zetels van een gremium wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Gremium]:
        gremium = load_gremium(x, self.code, self.expected_version)
        if self.zetel is None:
            gremium.laat_zetel_vervallen(self.organisatie)
        else:
            deel_agenda, onderwerpen = bool(self.zetel.get("deel_agenda")), list(self.zetel.get("onderwerpen", []))
            gremium.voeg_zetel_toe(self.organisatie, deel_agenda, onderwerpen)
        return [gremium]


@dataclass(frozen=True, kw_only=True)
class VoegGremiaSamen(Command):
    """Fold ``bronnen`` into ``opvolger``; each source is opgeheven on ``datum``."""

    operation: ClassVar[str] = "voegGremiaSamen"
    bronnen: list[str]
    opvolger: str
    datum: dt.date

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "gremia samenvoegen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Gremium]:
        besluit = envelope.besluit()
        if besluit is not None:
            require_authorizing_besluit(x, besluit, None)
        doel = load_gremium(x, self.opvolger, None)
        bronnen = list(self.bronnen)
        if not bronnen or self.opvolger in bronnen or len(set(bronnen)) != len(bronnen):
            raise ValidationFailed([Problem("bronnen", "één of meer andere, verschillende gremia")])
        oud = [load_gremium(x, code, None) for code in bronnen]
        andere = [g.code for g in oud if g.regio != doel.regio]
        if andere:
            raise ValidationFailed([Problem("bronnen", f"niet in regio {doel.regio}: {', '.join(andere)}")])
        for g in oud:
            g.hef_op(self.datum, self.opvolger)
        doel.neem_voorgangers_op(bronnen, self.datum)
        return [doel, *oud]


@dataclass(frozen=True, kw_only=True)
class StelMandaatVast(Command):
    """A regio's first mandate rules (with a besluit: one that may change the kaders on content)."""

    operation: ClassVar[str] = "stelMandaatVast"
    regio: str
    geldig_vanaf: dt.date
    regels: list[dict[str, Any]]

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een mandaatregeling vaststellen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Mandaatregeling]:
        x.load(Regio, regio_id(self.regio), f"regio {self.regio}")
        if x.exists(mandaat_id(self.regio)):
            raise ValidationFailed(
                [Problem("regio", "heeft al een mandaatregeling; wijzig die op gezag van een besluit")]
            )
        besluit = envelope.besluit()
        if besluit is not None:
            require_authorizing_besluit(x, besluit, "inhoudelijk")
        return [Mandaatregeling.stel_vast(self.regio, self.geldig_vanaf, list(self.regels), envelope.besluit_id)]


@dataclass(frozen=True, kw_only=True)
class WijzigMandaat(Command):
    """A new version of the rules, from ``geldig_vanaf``, on the authority of a
    genomen besluit of a body that may change the kaders on content."""

    operation: ClassVar[str] = "wijzigMandaat"
    regio: str
    geldig_vanaf: dt.date
    regels: list[dict[str, Any]]
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "mandaatregels wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Mandaatregeling]:
        besluit_uuid = envelope.besluit()
        if besluit_uuid is None:
            raise NotAllowed("mandaatregels wijzigen alleen op gezag van een vastgelegd besluit (besluitId)")
        require_authorizing_besluit(x, besluit_uuid, "inhoudelijk")
        besluit = x.load(Besluit, besluit_uuid, "besluit")
        if besluit.regio != self.regio:
            raise NotAllowed(f"het besluit is van regio {besluit.regio}, niet van {self.regio}")
        if besluit.datum is not None and self.geldig_vanaf < besluit.datum:
            raise ValidationFailed([Problem("geldigVanaf", "ligt voor de datum van het besluit")])
        regeling = x.load(Mandaatregeling, mandaat_id(self.regio), f"mandaatregeling {self.regio}")
        x.expect_version(regeling, self.expected_version, f"mandaatregeling {self.regio}")
        regeling.wijzig(self.geldig_vanaf, list(self.regels), envelope.besluit_id)
        return [regeling]

"""Commands on besluiten: proposed, advised, tabled, taken (within the
mandate), rejected, deferred, escalated, corrected and published. Recorded by
the programme office or the secretaris of the body that holds the besluit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.base import VoortgangAggregate
from domain.besluit import Besluit, besluit_id
from domain.errors import InvalidTransition, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.mandaat import GEEN_REGEL, GremiumFeit, Mandaatregeling, MandateRefused, beoordeel, mandaat_id
from domain.overleg import Overleg
from domain.voorstel import Voorstel, voorstel_id
from service.access.authz import require_secretariaat
from service.commands.base import Envelope, Executor, Saved


class BesluitCommands:
    x: Executor

    def stel_besluit_voor(self, command: Envelope, **fields: Any) -> Saved:
        require_secretariaat(command.principal, fields["gremium"], "een besluit voorstellen")

        def decide() -> list[Besluit]:
            gremium = self.x.load(Gremium, gremium_id(fields["gremium"]), f"gremium {fields['gremium']}")
            if gremium.regio != fields["regio"]:
                raise ValidationFailed(
                    [Problem("gremium", f"{gremium.code} is geen gremium van regio {fields['regio']}")]
                )
            if self.x.exists(besluit_id(fields["regio"].strip(), fields["kenmerk"].strip())):
                raise ValidationFailed([Problem("kenmerk", f"besluit {fields['kenmerk']} bestaat al in deze regio")])
            return [Besluit.stel_voor(**fields)]

        return self.x.execute(command, "stelBesluitVoor", fields, decide)

    def load_besluit(self, command: Envelope, besluit: UUID, expected_version: int | None, action: str) -> Besluit:
        b = self.x.load(Besluit, besluit, "besluit")
        require_secretariaat(command.principal, b.gremium, action)
        self.x.expect_version(b, expected_version, f"besluit {b.kenmerk}")
        return b

    def _besluit_change(
        self,
        command: Envelope,
        operation: str,
        besluit: UUID,
        expected_version: int | None,
        payload: dict[str, Any],
        change: Callable[[Besluit], list[VoortgangAggregate] | None],
    ) -> Saved:
        def decide() -> list[VoortgangAggregate]:
            b = self.load_besluit(command, besluit, expected_version, "dit besluit vastleggen")
            return [b, *(change(b) or [])]

        return self.x.execute(command, operation, {**payload, "besluit": besluit, "expected": expected_version}, decide)

    def _mandaat(self, regio: str) -> Mandaatregeling:
        if not self.x.exists(mandaat_id(regio)):
            raise MandateRefused(f"mandaatregel {GEEN_REGEL}: regio {regio} heeft geen mandaatregeling", GEEN_REGEL)
        return self.x.load(Mandaatregeling, mandaat_id(regio), f"mandaatregeling {regio}")

    def _feit(self, code: str) -> GremiumFeit:
        return GremiumFeit.van(self.x.load(Gremium, gremium_id(code), f"gremium {code}"))

    def geef_advies(self, command: Envelope, besluit: UUID, expected_version: int | None, **advies: Any) -> Saved:
        def change(b: Besluit) -> None:
            if advies["soort"] == "gremium":
                self._require_may_advise(b, advies["adviseur"], advies["datum"])
            b.geef_advies(
                advies["adviseur"], advies["soort"], advies["standpunt"], advies["toelichting"], advies["datum"]
            )

        return self._besluit_change(command, "geefAdvies", besluit, expected_version, advies, change)

    def _require_may_advise(self, b: Besluit, code: str, datum: dt.date) -> None:
        adviseur = self._feit(code)
        versie = self._mandaat(b.regio).versie_op(datum)
        for soort in b.soorten:
            oordeel = beoordeel(versie["regels"] if versie else [], adviseur, soort)
            if oordeel.bevoegdheid not in ("advies", "besluit"):
                raise MandateRefused(
                    f"mandaatregel {oordeel.regel}: {code} mag niet adviseren over {soort} ({oordeel.omschrijving})",
                    rule=oordeel.regel,
                )

    def koppel_besluit(
        self, command: Envelope, besluit: UUID, expected_version: int | None, soort: str, object_id: str
    ) -> Saved:
        payload = {"soort": soort, "object_id": object_id}
        return self._besluit_change(
            command, "koppelBesluit", besluit, expected_version, payload, lambda b: b.koppel(soort, object_id)
        )

    def agendeer_besluit(self, command: Envelope, besluit: UUID, expected_version: int | None, overleg: UUID) -> Saved:
        def change(b: Besluit) -> list[VoortgangAggregate]:
            meeting = self.x.load(Overleg, overleg, "overleg")
            if meeting.status == "geannuleerd":
                raise InvalidTransition("het overleg is geannuleerd")
            b.agendeer(overleg, meeting.gremium, meeting.datum)
            meeting.agendeer(b.onderwerp, "besluit", str(b.id))
            return [meeting]

        return self._besluit_change(command, "agendeerBesluit", besluit, expected_version, {"overleg": overleg}, change)

    def _behandeld(self, b: Besluit) -> Callable[[str, dt.date], bool]:
        if b.voorstel is None or not self.x.exists(voorstel_id(b.regio, b.voorstel)):
            return lambda code, datum: False
        voorstel = self.x.load(Voorstel, voorstel_id(b.regio, b.voorstel), "voorstel")
        return voorstel.behandeld_door

    def _registreer(self, b: Besluit, uitkomst: str) -> list[VoortgangAggregate]:
        if b.voorstel is None or b.datum is None:
            return []
        vid = voorstel_id(b.regio, b.voorstel)
        voorstel = (
            self.x.load(Voorstel, vid, "voorstel")
            if self.x.exists(vid)
            else Voorstel(regio=b.regio, referentie=b.voorstel)
        )
        voorstel.registreer(b.gremium, b.id, uitkomst, b.datum)
        return [voorstel]

    def neem_besluit(
        self,
        command: Envelope,
        besluit: UUID,
        expected_version: int | None,
        *,
        datum: dt.date | None,
        uitkomsten: dict[int, str],
        doorleiden: bool,
    ) -> Saved:
        """Take the besluit; outside the mandate it is refused naming the rule,
        or (``doorleiden``) escalated to the body the rule names."""

        def change(b: Besluit) -> list[VoortgangAggregate]:
            regeling, feit = self._mandaat(b.regio), self._feit(b.gremium)
            try:
                b.neem(
                    datum=datum, uitkomsten=uitkomsten, regeling=regeling, gremium=feit,
                    behandeld_door=self._behandeld(b),
                )  # fmt: skip
            except MandateRefused as refused:
                if not (doorleiden and refused.escalate_to):
                    raise
                self._require_target(b, refused.escalate_to)
                b.leid_door(refused.escalate_to, refused.rule, refused.message)
                return []
            return self._registreer(b, "genomen")

        payload = {"datum": datum, "uitkomsten": uitkomsten, "doorleiden": doorleiden}
        return self._besluit_change(command, "neemBesluit", besluit, expected_version, payload, change)

    def verwerp_besluit(
        self, command: Envelope, besluit: UUID, expected_version: int | None, datum: dt.date | None, reden: str
    ) -> Saved:
        def change(b: Besluit) -> list[VoortgangAggregate]:
            regeling, feit = self._mandaat(b.regio), self._feit(b.gremium)
            b.verwerp(datum=datum, reden=reden, regeling=regeling, gremium=feit, behandeld_door=self._behandeld(b))
            return self._registreer(b, "verworpen")

        payload = {"datum": datum, "reden": reden}
        return self._besluit_change(command, "verwerpBesluit", besluit, expected_version, payload, change)

    def houd_besluit_aan(
        self, command: Envelope, besluit: UUID, expected_version: int | None, datum: dt.date | None, reden: str
    ) -> Saved:
        payload = {"datum": datum, "reden": reden}
        return self._besluit_change(
            command, "houdBesluitAan", besluit, expected_version, payload, lambda b: b.houd_aan(datum, reden)
        )

    def _require_target(self, b: Besluit, naar: str) -> None:
        target = self.x.load(Gremium, gremium_id(naar), f"gremium {naar}")
        if target.regio != b.regio:
            raise ValidationFailed([Problem("naar", f"{naar} is geen gremium van regio {b.regio}")])
        if not target.actief:
            raise InvalidTransition(f"gremium {naar} is opgeheven en neemt geen besluiten")

    def leid_besluit_door(
        self, command: Envelope, besluit: UUID, expected_version: int | None, naar: str, reden: str
    ) -> Saved:
        def change(b: Besluit) -> None:
            self._require_target(b, naar)
            b.leid_door(naar, None, reden)

        payload = {"naar": naar, "reden": reden}
        return self._besluit_change(command, "leidBesluitDoor", besluit, expected_version, payload, change)

    def corrigeer_besluit(self, command: Envelope, besluit: UUID, expected_version: int | None, **fields: Any) -> Saved:
        return self._besluit_change(
            command, "corrigeerBesluit", besluit, expected_version, fields, lambda b: b.corrigeer(**fields)
        )

    def wijzig_woo_status(
        self,
        command: Envelope,
        besluit: UUID,
        expected_version: int | None,
        *,
        status: str,
        datum: dt.date | None,
        grond: str | None,
    ) -> Saved:
        payload = {"status": status, "datum": datum, "grond": grond}
        return self._besluit_change(
            command, "wijzigWooStatus", besluit, expected_version, payload, lambda b: b.wijzig_woo(status, datum, grond)
        )

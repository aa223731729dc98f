"""Commands on overleggen: recorded by the programme office or the body's secretaris."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.errors import InvalidTransition, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.overleg import Overleg, overleg_id
from service.access.authz import require_secretariaat
from service.commands.base import Envelope, Executor, Saved


class OverlegCommands:
    x: Executor

    def plan_overleg(self, command: Envelope, gremium: str, datum: dt.date, locatie: str | None) -> Saved:
        require_secretariaat(command.principal, gremium, "een overleg plannen")

        def decide() -> list[Overleg]:
            body = self.x.load(Gremium, gremium_id(gremium), f"gremium {gremium}")
            if not body.actief:
                raise InvalidTransition(f"gremium {gremium} is opgeheven en vergadert niet meer")
            if self.x.exists(overleg_id(gremium, datum)):
                raise ValidationFailed([Problem("datum", f"{gremium} heeft op {datum.isoformat()} al een overleg")])
            return [Overleg.plan(gremium, body.regio, datum, locatie)]

        payload = {"gremium": gremium, "datum": datum, "locatie": locatie}
        return self.x.execute(command, "planOverleg", payload, decide)

    def load_overleg(self, command: Envelope, overleg: UUID, expected_version: int | None, action: str) -> Overleg:
        meeting = self.x.load(Overleg, overleg, "overleg")
        require_secretariaat(command.principal, meeting.gremium, action)
        self.x.expect_version(meeting, expected_version, "overleg")
        return meeting

    def _overleg_change(
        self,
        command: Envelope,
        operation: str,
        overleg: UUID,
        expected_version: int | None,
        payload: dict[str, Any],
        change: Callable[[Overleg], None],
    ) -> Saved:
        def decide() -> list[Overleg]:
            meeting = self.load_overleg(command, overleg, expected_version, "dit overleg vastleggen")
            change(meeting)
            return [meeting]

        return self.x.execute(command, operation, {**payload, "overleg": overleg, "expected": expected_version}, decide)

    def agendeer_punt(
        self,
        command: Envelope,
        overleg: UUID,
        expected_version: int | None,
        *,
        onderwerp: str,
        soort: str,
        ref_id: str | None,
        terugkerend: bool,
    ) -> Saved:
        payload = {"onderwerp": onderwerp, "soort": soort, "ref_id": ref_id, "terugkerend": terugkerend}

        def change(meeting: Overleg) -> None:
            meeting.agendeer(onderwerp, soort, ref_id, terugkerend)

        return self._overleg_change(command, "agendeerPunt", overleg, expected_version, payload, change)

    def leg_aanwezigheid_vast(
        self, command: Envelope, overleg: UUID, expected_version: int | None, aanwezigen: list[dict[str, Any]]
    ) -> Saved:
        return self._overleg_change(
            command, "legAanwezigheidVast", overleg, expected_version, {"aanwezigen": aanwezigen},
            lambda m: m.leg_aanwezigheid_vast(aanwezigen),
        )  # fmt: skip

    def ontvang_rapportage(
        self,
        command: Envelope,
        overleg: UUID,
        expected_version: int | None,
        *,
        soort: str,
        door: str,
        onderwerp: str,
        document: str | None,
    ) -> Saved:
        payload = {"soort": soort, "door": door, "onderwerp": onderwerp, "document": document}
        return self._overleg_change(
            command, "ontvangRapportage", overleg, expected_version, payload,
            lambda m: m.ontvang_rapportage(soort, door, onderwerp, document),
        )  # fmt: skip

    def houd_overleg(
        self, command: Envelope, overleg: UUID, expected_version: int | None, notulen: str | None
    ) -> Saved:
        return self._overleg_change(
            command, "houdOverleg", overleg, expected_version, {"notulen": notulen}, lambda m: m.houd(notulen)
        )

    def leg_notulen_vast(self, command: Envelope, overleg: UUID, expected_version: int | None, notulen: str) -> Saved:
        return self._overleg_change(
            command, "legNotulenVast", overleg, expected_version, {"notulen": notulen},
            lambda m: m.leg_notulen_vast(notulen),
        )  # fmt: skip

    def annuleer_overleg(self, command: Envelope, overleg: UUID, expected_version: int | None, reden: str) -> Saved:
        return self._overleg_change(
            command, "annuleerOverleg", overleg, expected_version, {"reden": reden}, lambda m: m.annuleer(reden)
        )

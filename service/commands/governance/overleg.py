"""Commands on overleggen: recorded by the programme office or the body's secretaris."""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from domain.errors import InvalidTransition, Problem, ValidationFailed
from domain.gremium import Gremium, gremium_id
from domain.overleg import Overleg, overleg_id
from domain.principal import Principal
from service.access.authz import require_secretariaat
from service.commands.base import Command, Envelope, Executor


@dataclass(frozen=True, kw_only=True)
class PlanOverleg(Command):
    operation: ClassVar[str] = "planOverleg"
    gremium: str
    datum: dt.date
    locatie: str | None = None

    def authorize(self, principal: Principal) -> None:
        require_secretariaat(principal, self.gremium, "een overleg plannen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Overleg]:
        body = x.load(Gremium, gremium_id(self.gremium), f"gremium {self.gremium}")
        if not body.actief:
            raise InvalidTransition(f"gremium {self.gremium} is opgeheven en vergadert niet meer")
        if x.exists(overleg_id(self.gremium, self.datum)):
            raise ValidationFailed(
                [Problem("datum", f"{self.gremium} heeft op {self.datum.isoformat()} al een overleg")]
            )
        return [Overleg.plan(self.gremium, body.regio, self.datum, self.locatie)]


@dataclass(frozen=True, kw_only=True)
class OverlegWijziging(Command):
    """Something recorded about a planned overleg (its body's secretaris or the programme office)."""

    overleg: UUID
    expected_version: int | None = None

    def decide(self, x: Executor, envelope: Envelope) -> list[Overleg]:
        meeting = x.load(Overleg, self.overleg, "overleg")
        require_secretariaat(envelope.principal, meeting.gremium, "dit overleg vastleggen")
        x.expect_version(meeting, self.expected_version, "overleg")
        self.change(meeting)
        return [meeting]

    @abstractmethod
    def change(self, overleg: Overleg) -> None:
        """The overleg decides."""


@dataclass(frozen=True, kw_only=True)
class AgendeerPunt(OverlegWijziging):
    operation: ClassVar[str] = "agendeerPunt"
    onderwerp: str
    soort: str
    ref_id: str | None = None
    terugkerend: bool = False

    def change(self, overleg: Overleg) -> None:
        overleg.agendeer(self.onderwerp, self.soort, self.ref_id, self.terugkerend)


@dataclass(frozen=True, kw_only=True)
class LegAanwezigheidVast(OverlegWijziging):
    operation: ClassVar[str] = "legAanwezigheidVast"
    aanwezigen: list[dict[str, Any]]

    def change(self, overleg: Overleg) -> None:
        overleg.leg_aanwezigheid_vast([dict(a) for a in self.aanwezigen])


@dataclass(frozen=True, kw_only=True)
class OntvangRapportage(OverlegWijziging):
    operation: ClassVar[str] = "ontvangRapportage"
    soort: str
    door: str
    onderwerp: str
    document: str | None = None

    def change(self, overleg: Overleg) -> None:
        overleg.ontvang_rapportage(self.soort, self.door, self.onderwerp, self.document)


@dataclass(frozen=True, kw_only=True)
class HoudOverleg(OverlegWijziging):
    operation: ClassVar[str] = "houdOverleg"
    notulen: str | None = None

    def change(self, overleg: Overleg) -> None:
        overleg.houd(self.notulen)


@dataclass(frozen=True, kw_only=True)
class LegNotulenVast(OverlegWijziging):
    operation: ClassVar[str] = "legNotulenVast"
    notulen: str

    def change(self, overleg: Overleg) -> None:
        overleg.leg_notulen_vast(self.notulen)


@dataclass(frozen=True, kw_only=True)
class AnnuleerOverleg(OverlegWijziging):
    operation: ClassVar[str] = "annuleerOverleg"
    reden: str

    def change(self, overleg: Overleg) -> None:
        overleg.annuleer(self.reden)

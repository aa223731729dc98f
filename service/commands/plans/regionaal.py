"""Commands on regional ontwikkelpunten (the programme office adopts,
rewords and lets them lapse) and each gemeente's progress on them."""

from __future__ import annotations

import uuid
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from domain.errors import InvalidTransition, Problem, ValidationFailed
from domain.plan_values import Planning, Stand
from domain.principal import Principal
from domain.regio import Regio, regio_id
from domain.regionaal import VERVALLEN, LokaleVoortgang, RegionaalOntwikkelpunt, voortgang_id
from service.access.authority import check_besluit
from service.access.authz import require_gemeente_writer, require_regional_point_writer
from service.commands.base import Command, Conflict, Envelope, Executor
from service.commands.plans.ontwikkelplan import today


@dataclass(frozen=True, kw_only=True)
class StelRegionaalOntwikkelpuntVast(Command):
    operation: ClassVar[str] = "stelRegionaalOntwikkelpuntVast"
    regio: str
    basisfunctie: int | None
    thema: str
    doel: str
    beoogd_resultaat: str
    indicatoren: list[str]
    punt_id: UUID | None = None
    """The id to give it (the demo); None = a new one."""

    def authorize(self, principal: Principal) -> None:
        require_regional_point_writer(principal, "een regionaal ontwikkelpunt vaststellen")

    def decide(self, x: Executor, envelope: Envelope) -> list[RegionaalOntwikkelpunt]:
        x.load(Regio, regio_id(self.regio), f"regio {self.regio}")
        check_besluit(x, envelope)
        punt = RegionaalOntwikkelpunt.stel_vast(
            id=self.punt_id or uuid.uuid4(),
            regio=self.regio,
            basisfunctie=self.basisfunctie,
            thema=self.thema,
            doel=self.doel,
            beoogd_resultaat=self.beoogd_resultaat,
            indicatoren=list(self.indicatoren),
        )
        return [punt]


@dataclass(frozen=True, kw_only=True)
class RegionaalPuntWijziging(Command):
    punt: UUID
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_regional_point_writer(principal, "een regionaal ontwikkelpunt wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[RegionaalOntwikkelpunt]:
        punt = x.load(RegionaalOntwikkelpunt, self.punt, "regionaal ontwikkelpunt")
        x.expect_version(punt, self.expected_version, "het regionale ontwikkelpunt")
        check_besluit(x, envelope)
        self.change(punt)
        return [punt]

    @abstractmethod
    def change(self, punt: RegionaalOntwikkelpunt) -> None:
        """The regional point decides."""


@dataclass(frozen=True, kw_only=True)
class HerformuleerRegionaalOntwikkelpunt(RegionaalPuntWijziging):
    operation: ClassVar[str] = "herformuleerRegionaalOntwikkelpunt"
    doel: str
    beoogd_resultaat: str
    indicatoren: list[str]

    def change(self, punt: RegionaalOntwikkelpunt) -> None:
        punt.herformuleer(self.doel, self.beoogd_resultaat, list(self.indicatoren))


@dataclass(frozen=True, kw_only=True)
class LaatRegionaalOntwikkelpuntVervallen(RegionaalPuntWijziging):
    operation: ClassVar[str] = "laatRegionaalOntwikkelpuntVervallen"

    def change(self, punt: RegionaalOntwikkelpunt) -> None:
        punt.laat_vervallen()


@dataclass(frozen=True, kw_only=True)
class WerkRegionaleVoortgangBij(Command):
    """A gemeente's progress on a regional point (its first report creates it)."""

    operation: ClassVar[str] = "werkRegionaleVoortgangBij"
    punt: UUID
    gemeente: str
    expected_version: int | None = None
    stand: Stand | None = None
    uitvoerder: str | None = None
    planning: Planning | None = None

    def authorize(self, principal: Principal) -> None:
        require_gemeente_writer(principal, self.gemeente, "voortgang op een regionaal ontwikkelpunt melden")

    def decide(self, x: Executor, envelope: Envelope) -> list[LokaleVoortgang]:
        punt = x.load(RegionaalOntwikkelpunt, self.punt, "regionaal ontwikkelpunt")
        if punt.status == VERVALLEN:
            raise InvalidTransition("dit regionale ontwikkelpunt is vervallen")
        if self.gemeente not in x.load(Regio, regio_id(punt.regio), "regio").gemeenten:
            raise ValidationFailed([Problem("gemeente", "hoort niet bij de regio van dit ontwikkelpunt")])
        voortgang = self._voortgang(x, punt)
        voortgang.werk_bij(self.stand, self.uitvoerder, self.planning, today())
        return [voortgang]

    def _voortgang(self, x: Executor, punt: RegionaalOntwikkelpunt) -> LokaleVoortgang:
        vid = voortgang_id(punt.id, self.gemeente)
        if x.exists(vid):
            voortgang = x.load(LokaleVoortgang, vid, "voortgang")
            x.expect_version(voortgang, self.expected_version, "de voortgang")
            return voortgang
        if self.expected_version:
            raise Conflict("er is nog geen voortgang gemeld (versie 0)", current_version=0)
        return LokaleVoortgang(punt_id=punt.id, regio=punt.regio, gemeente=self.gemeente)

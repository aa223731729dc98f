"""Commands on an ontwikkelplan: make it, change its header, adopt and close it.

Authorization comes first, before anything is loaded, so that no answer
depends on data the actor may not see: a gemeente user addressing another
gemeente's plan gets the rule.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from domain.errors import Problem, ValidationFailed
from domain.ontwikkelplan import Ontwikkelplan, plan_id
from domain.principal import Principal
from domain.regio import Regio, regio_id
from service.access.authority import check_besluit
from service.access.authz import require_gemeente_writer
from service.commands.base import Command, Envelope, Executor


def today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True, kw_only=True)
class MaakOntwikkelplan(Command):
    """A gemeente's plan for a periode, on a version of the template catalogue."""

    operation: ClassVar[str] = "maakOntwikkelplan"
    regio: str
    gemeente: str
    periode: str
    template_versie: str

    def authorize(self, principal: Principal) -> None:
        require_gemeente_writer(principal, self.gemeente, "een ontwikkelplan maken")

    def decide(self, x: Executor, envelope: Envelope) -> list[Ontwikkelplan]:
        naam = x.load(Regio, regio_id(self.regio), f"regio {self.regio}").gemeenten.get(self.gemeente)
        if naam is None:
            raise ValidationFailed([Problem("gemeente", f"{self.gemeente} is geen gemeente van regio {self.regio}")])
        if x.exists(plan_id(self.gemeente, self.periode)):
            raise ValidationFailed([Problem("periode", "deze gemeente heeft al een plan voor deze periode")])
        return [Ontwikkelplan.maak(self.gemeente, naam, self.regio, self.periode, self.template_versie)]


@dataclass(frozen=True, kw_only=True)
class PlanWijziging(Command):
    """A change of an existing plan (its own gemeente or the programme office)."""

    gemeente: str
    periode: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_gemeente_writer(principal, self.gemeente, "het ontwikkelplan wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Ontwikkelplan]:
        plan = x.load(Ontwikkelplan, plan_id(self.gemeente, self.periode), "ontwikkelplan")
        x.expect_version(plan, self.expected_version, "het ontwikkelplan")
        check_besluit(x, envelope)
        self.change(plan)
        return [plan]

    @abstractmethod
    def change(self, plan: Ontwikkelplan) -> None:
        """The plan decides."""


@dataclass(frozen=True, kw_only=True)
class WijzigPlanKop(PlanWijziging):
    """Documents, responsible people and local additions; a part left None stays as it is."""

    operation: ClassVar[str] = "wijzigPlanKop"
    documenten: list[dict[str, Any]] | None = None
    portefeuillehouders: list[str] | None = None
    beleidsmedewerkers: list[str] | None = None
    lokale_aanvullingen: str | None = None

    def change(self, plan: Ontwikkelplan) -> None:
        plan.wijzig_kop(self.documenten, self.portefeuillehouders, self.beleidsmedewerkers, self.lokale_aanvullingen)


@dataclass(frozen=True, kw_only=True)
class StelOntwikkelplanVast(PlanWijziging):
    operation: ClassVar[str] = "stelOntwikkelplanVast"
    datum: dt.date

    def change(self, plan: Ontwikkelplan) -> None:
        plan.stel_vast(self.datum)


@dataclass(frozen=True, kw_only=True)
class SluitOntwikkelplanAf(PlanWijziging):
    """Close a vastgesteld plan: it no longer changes."""

    operation: ClassVar[str] = "sluitOntwikkelplanAf"
    datum: dt.date

    def change(self, plan: Ontwikkelplan) -> None:
        plan.sluit_af(self.datum)

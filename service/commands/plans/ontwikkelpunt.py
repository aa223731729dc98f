"""Commands on ontwikkelpunten: add one to a plan, and one command per column
verb (each its own event), so that searching for a verb finds its command.

A gemeente user addressing a point of another gemeente that it cannot see
(concept) gets the same "niet gevonden" as a point that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from domain.errors import InvalidTransition, NotAllowed, Problem, ValidationFailed
from domain.ontwikkelplan import AFGESLOTEN, Ontwikkelplan, plan_id
from domain.ontwikkelpunt import Kolommen, Ontwikkelpunt
from domain.plan_values import Kosten, Planning, Stand
from domain.principal import Principal
from service.access.authority import check_besluit
from service.access.authz import plan_read_scope, require_gemeente_writer
from service.commands.base import Command, Envelope, Executor, NotFound
from service.commands.plans.ontwikkelplan import today

PUNT_NIET_GEVONDEN = "ontwikkelpunt niet gevonden"


@dataclass(frozen=True, kw_only=True)
class VoegOntwikkelpuntToe(Command):
    """A point in the gemeente's own plan, with as many columns as are known."""

    operation: ClassVar[str] = "voegOntwikkelpuntToe"
    gemeente: str
    periode: str
    basisfunctie: int | None
    thema: str
    doel: str
    zelfscan_link: str | None = None
    kolommen: Kolommen = field(default_factory=Kolommen)
    punt_id: UUID | None = None
    """The id to give it (the document import and the demo); None = a new one."""

    def authorize(self, principal: Principal) -> None:
        require_gemeente_writer(principal, self.gemeente, "een ontwikkelpunt toevoegen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Ontwikkelpunt]:
        plan = x.load(Ontwikkelplan, plan_id(self.gemeente, self.periode), "ontwikkelplan")
        if plan.status == AFGESLOTEN:
            raise InvalidTransition("dit ontwikkelplan is afgesloten en verandert niet meer")
        if self.punt_id is not None and x.exists(self.punt_id):
            raise ValidationFailed([Problem("id", "dit id is al in gebruik")])
        check_besluit(x, envelope)
        punt = Ontwikkelpunt.voeg_toe(
            id=self.punt_id or uuid.uuid4(),
            plan_id=plan.id,
            gemeente=self.gemeente,
            periode=self.periode,
            template_versie=plan.template_versie,
            basisfunctie=self.basisfunctie,
            thema=self.thema,
            doel=self.doel,
            zelfscan_link=self.zelfscan_link,
            kolommen=self.kolommen,
            vandaag=today(),
        )
        return [punt]


def authorize_point(x: Executor, principal: Principal, punt: Ontwikkelpunt) -> None:
    """The programme office and the point's own gemeente write it; anyone else
    who cannot see it is told it does not exist."""
    if principal.has("programmabureau") or (principal.has("gemeente") and principal.gemeente == punt.gemeente):
        return
    plan = x.load(Ontwikkelplan, punt.plan_id, "ontwikkelplan")
    if not plan_read_scope(principal).sees(punt.gemeente, plan.status, punt.status):
        raise NotFound(PUNT_NIET_GEVONDEN)
    require_gemeente_writer(principal, punt.gemeente, "een ontwikkelpunt wijzigen")


@dataclass(frozen=True, kw_only=True)
class PuntWijziging(Command):
    """A change of one column (or the status) of an existing point."""

    punt: UUID
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        if not principal.has("programmabureau", "gemeente"):
            raise NotAllowed("deze rol mag ontwikkelpunten niet wijzigen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Ontwikkelpunt]:
        punt = x.load(Ontwikkelpunt, self.punt, "ontwikkelpunt")
        authorize_point(x, envelope.principal, punt)
        x.expect_version(punt, self.expected_version, "het ontwikkelpunt")
        check_besluit(x, envelope)
        self.change(punt)
        return [punt]

    @abstractmethod
    def change(self, punt: Ontwikkelpunt) -> None:
        """The point decides."""


@dataclass(frozen=True, kw_only=True)
class FormuleerOntwikkelpunt(PuntWijziging):
    """Kolom 1: the point as a goal and its link with the zelfscan."""

    operation: ClassVar[str] = "formuleerOntwikkelpunt"
    doel: str
    zelfscan_link: str | None = None

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.formuleer_doel(self.doel, self.zelfscan_link)


@dataclass(frozen=True, kw_only=True)
class LegBeoogdResultaatVast(PuntWijziging):
    """Kolom 2."""

    operation: ClassVar[str] = "legBeoogdResultaatVast"
    beoogd_resultaat: str
    indicatoren: list[str]

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.leg_resultaat_vast(self.beoogd_resultaat, list(self.indicatoren))


@dataclass(frozen=True, kw_only=True)
class LegAndersLerenDoenVast(PuntWijziging):
    """Kolom 3."""

    operation: ClassVar[str] = "legAndersLerenDoenVast"
    tekst: str

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.leg_anders_leren_doen_vast(self.tekst)


@dataclass(frozen=True, kw_only=True)
class OmschrijfVerbeteractie(PuntWijziging):
    """Kolom 4: the improvement action."""

    operation: ClassVar[str] = "omschrijfVerbeteractie"
    omschrijving: str

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.omschrijf_verbeteractie(self.omschrijving)


@dataclass(frozen=True, kw_only=True)
class VoegDeelstapToe(PuntWijziging):
    """Kolom 4: a deelstap at the end (the document import: one already
    finished on ``afgerond_op``)."""

    operation: ClassVar[str] = "voegDeelstapToe"
    tekst: str
    gepland: dt.date | None = None
    afgerond_op: dt.date | None = None

    def change(self, punt: Ontwikkelpunt) -> None:
        deelstap = punt.voeg_deelstap_toe(self.tekst, self.gepland)
        if self.afgerond_op is not None:
            punt.rond_deelstap_af(deelstap, self.afgerond_op, today())


@dataclass(frozen=True, kw_only=True)
class HerformuleerDeelstap(PuntWijziging):
    operation: ClassVar[str] = "herformuleerDeelstap"
    deelstap: str
    tekst: str

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.herformuleer_deelstap(self.deelstap, self.tekst)


@dataclass(frozen=True, kw_only=True)
class HerordenDeelstappen(PuntWijziging):
    operation: ClassVar[str] = "herordenDeelstappen"
    volgorde: list[str]
    """Every deelstap id, in the new order."""

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.herorden_deelstappen(list(self.volgorde))


@dataclass(frozen=True, kw_only=True)
class RondDeelstapAf(PuntWijziging):
    operation: ClassVar[str] = "rondDeelstapAf"
    deelstap: str
    afgerond_op: dt.date | None = None
    """None = today."""

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.rond_deelstap_af(self.deelstap, self.afgerond_op or today(), today())


@dataclass(frozen=True, kw_only=True)
class LegKostenVast(PuntWijziging):
    """Kolom 5: costs and their cover."""

    operation: ClassVar[str] = "legKostenVast"
    kosten: Kosten

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.leg_kosten_vast(self.kosten)


@dataclass(frozen=True, kw_only=True)
class LegUitvoerderVast(PuntWijziging):
    """Kolom 6: who carries the action out."""

    operation: ClassVar[str] = "legUitvoerderVast"
    uitvoerder: str

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.leg_uitvoerder_vast(self.uitvoerder)


@dataclass(frozen=True, kw_only=True)
class LegPlanningVast(PuntWijziging):
    """Kolom 7: the first planning, or an adjustment of it."""

    operation: ClassVar[str] = "legPlanningVast"
    planning: Planning

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.leg_planning_vast(self.planning)


@dataclass(frozen=True, kw_only=True)
class WerkStandVanZakenBij(PuntWijziging):
    """Kolom 8: a new dated stand van zaken (the first is the baseline)."""

    operation: ClassVar[str] = "werkStandVanZakenBij"
    stand: Stand

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.werk_stand_bij(self.stand, today())


@dataclass(frozen=True, kw_only=True)
class WijzigOntwikkelpuntStatus(PuntWijziging):
    """One step further in the point's life cycle."""

    operation: ClassVar[str] = "wijzigOntwikkelpuntStatus"
    status: str

    def change(self, punt: Ontwikkelpunt) -> None:
        punt.wijzig_status(self.status)

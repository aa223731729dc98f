"""Commands on mijlpalen and their per-gemeente instances.

Who writes: the programme office everything; the projectleider the
milestones of its own project (and their instances); a gemeente its own
local instances and the milestones of its own ontwikkelpunten (and their
deelstappen, owner id ``<ontwikkelpunt-id>/<deelstap-id>``). A reschedule made on a besluit's authority carries the
besluit id in its metadata and needs a genomen besluit.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from domain.errors import Problem, ValidationFailed
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie, instantie_id
from domain.ontwikkelplan import Ontwikkelplan
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.principal import Principal
from domain.programma import Programma, programma_id
from domain.project import Project, project_id
from service.access.authority import check_besluit
from service.access.authz import (
    plan_read_scope,
    require_gemeente_writer,
    require_instance_writer,
    require_programmabureau,
    require_project_writer,
)
from service.commands.base import Command, Envelope, Executor, NotFound


def writes_point(principal: Principal, punt: Ontwikkelpunt) -> bool:
    """Who may hang a milestone on a point: the programme office and the point's own gemeente."""
    return principal.has("programmabureau") or (principal.has("gemeente") and principal.gemeente == punt.gemeente)


def punt_eigenaar(x: Executor, soort: str, eigenaar: str, writer: Principal | None = None) -> Ontwikkelpunt:
    """The ontwikkelpunt that owns a milestone of an ontwikkelpunt or one of its deelstappen.

    With ``writer``: a point that principal may not write is answered exactly
    like a point that does not exist, so no one can probe which points exist."""
    punt_deel, _, deelstap = eigenaar.strip().partition("/")
    try:
        punt_id = UUID(punt_deel)
    except ValueError:
        raise ValidationFailed([Problem("eigenaar", "geen geldig id van een ontwikkelpunt")]) from None
    punt = x.load(Ontwikkelpunt, punt_id, "ontwikkelpunt")
    if writer is not None and not writes_point(writer, punt):
        raise NotFound("ontwikkelpunt niet gevonden")
    if soort == "deelstap" and deelstap not in punt.deelstappen:
        raise ValidationFailed([Problem("eigenaar", "een deelstap: <ontwikkelpunt-id>/<deelstap-id> die bestaat")])
    return punt


def require_visible_owner(x: Executor, principal: Principal, mijlpaal: Mijlpaal, what: str = "mijlpaal") -> None:
    """A milestone on a point the principal may not see is answered exactly like
    a milestone that does not exist (no probing which concept points exist);
    ``what`` names it as :meth:`Executor.load` did (``NotFound("<what> niet gevonden")``)."""
    if mijlpaal.eigenaar_soort not in ("ontwikkelpunt", "deelstap"):
        return
    punt = punt_eigenaar(x, mijlpaal.eigenaar_soort, mijlpaal.eigenaar_id)
    scope = plan_read_scope(principal)
    if scope.sees_fully(punt.gemeente):
        return
    plan = x.load(Ontwikkelplan, punt.plan_id, "ontwikkelplan")
    if not scope.sees(punt.gemeente, plan.status, punt.status):
        raise NotFound(f"{what} niet gevonden")


def require_mijlpaal_writer(x: Executor, principal: Principal, mijlpaal: Mijlpaal, action: str) -> None:
    if mijlpaal.eigenaar_soort == "project":
        require_project_writer(principal, mijlpaal.project, action)
    elif mijlpaal.eigenaar_soort in ("ontwikkelpunt", "deelstap") and not principal.has("programmabureau"):
        punt = punt_eigenaar(x, mijlpaal.eigenaar_soort, mijlpaal.eigenaar_id)
        require_gemeente_writer(principal, punt.gemeente, action)
    else:
        require_programmabureau(principal, action)


def _owner(
    x: Executor, principal: Principal, soort: str, eigenaar: str, programma: str | None
) -> tuple[str, str | None, str | None]:
    """(eigenaar id, programma, project) of a new milestone, authorized."""
    if soort == "project":
        require_project_writer(principal, eigenaar, "mijlpalen plannen")
        project = x.load(Project, project_id(eigenaar), f"project {eigenaar}")
        return str(project.id), project.programma, project.code
    if soort in ("ontwikkelpunt", "deelstap"):
        punt_eigenaar(x, soort, eigenaar, writer=principal)
        if programma is not None:
            x.load(Programma, programma_id(programma), f"programma {programma}")
        return eigenaar.strip(), programma, None
    require_programmabureau(principal, "mijlpalen plannen")
    if soort == "programma":
        p = x.load(Programma, programma_id(eigenaar), f"programma {eigenaar}")
        return str(p.id), p.code, None
    if programma is not None:
        x.load(Programma, programma_id(programma), f"programma {programma}")
    return eigenaar, programma, None


@dataclass(frozen=True, kw_only=True)
class PlanMijlpaal(Command):
    """A milestone, or with ``start`` an activity over a period (from ``start`` to ``datum``)."""

    operation: ClassVar[str] = "planMijlpaal"
    titel: str
    soort: str
    eigenaar_soort: str
    eigenaar: str
    programma: str | None = None
    datum: dt.date
    precisie: str
    omschrijving: str
    start: dt.date | None = None
    start_precisie: str | None = None

    def decide(self, x: Executor, envelope: Envelope) -> list[Mijlpaal]:
        owner_id, programma, project = _owner(x, envelope.principal, self.eigenaar_soort, self.eigenaar, self.programma)
        mijlpaal = Mijlpaal.plan(
            titel=self.titel,
            soort=self.soort,
            eigenaar_soort=self.eigenaar_soort,
            eigenaar_id=owner_id,
            programma=programma,
            project=project,
            datum=self.datum,
            precisie=self.precisie,
            omschrijving=self.omschrijving,
            start=self.start,
            start_precisie=self.start_precisie,
        )
        return [mijlpaal]


def load_mijlpaal(x: Executor, principal: Principal, mijlpaal_id: UUID, expected: int | None, action: str) -> Mijlpaal:
    m = x.load(Mijlpaal, mijlpaal_id, "mijlpaal")
    require_visible_owner(x, principal, m)
    require_mijlpaal_writer(x, principal, m, action)
    x.expect_version(m, expected, "mijlpaal")
    return m


@dataclass(frozen=True, kw_only=True)
class MijlpaalWijziging(Command):
    """A change of a milestone by whoever writes its owner (see :func:`require_mijlpaal_writer`)."""

    action: ClassVar[str]
    mijlpaal: UUID
    expected_version: int | None = None

    def decide(self, x: Executor, envelope: Envelope) -> list[Mijlpaal]:
        m = load_mijlpaal(x, envelope.principal, self.mijlpaal, self.expected_version, self.action)
        self.change(x, envelope, m)
        return [m]

    @abstractmethod
    def change(self, x: Executor, envelope: Envelope, mijlpaal: Mijlpaal) -> None:
        """The milestone decides."""


@dataclass(frozen=True, kw_only=True)
class VerplaatsMijlpaal(MijlpaalWijziging):
    operation: ClassVar[str] = "verplaatsMijlpaal"
    action: ClassVar[str] = "mijlpalen verplaatsen"
    naar: dt.date
    precisie: str
    reden_categorie: str
    reden: str

    def change(self, x: Executor, envelope: Envelope, mijlpaal: Mijlpaal) -> None:
        check_besluit(x, envelope)
        mijlpaal.verplaats(self.naar, self.precisie, self.reden_categorie, self.reden, envelope.besluit_id)


@dataclass(frozen=True, kw_only=True)
class BehaalMijlpaal(MijlpaalWijziging):
    operation: ClassVar[str] = "behaalMijlpaal"
    action: ClassVar[str] = "mijlpalen als behaald melden"
    datum: dt.date

    def change(self, x: Executor, envelope: Envelope, mijlpaal: Mijlpaal) -> None:
        mijlpaal.behaal(self.datum)


@dataclass(frozen=True, kw_only=True)
class LaatMijlpaalVervallen(MijlpaalWijziging):
    operation: ClassVar[str] = "laatMijlpaalVervallen"
    action: ClassVar[str] = "mijlpalen laten vervallen"
    reden: str

    def change(self, x: Executor, envelope: Envelope, mijlpaal: Mijlpaal) -> None:
        check_besluit(x, envelope)
        mijlpaal.laat_vervallen(self.reden)


@dataclass(frozen=True, kw_only=True)
class VoegAfhankelijkheidToe(MijlpaalWijziging):
    operation: ClassVar[str] = "voegAfhankelijkheidToe"
    action: ClassVar[str] = "afhankelijkheden vastleggen"
    voorganger: UUID

    def change(self, x: Executor, envelope: Envelope, mijlpaal: Mijlpaal) -> None:
        voorganger = x.load(Mijlpaal, self.voorganger, "voorganger")
        require_visible_owner(x, envelope.principal, voorganger, "voorganger")
        mijlpaal.voeg_afhankelijkheid_toe(voorganger)


@dataclass(frozen=True, kw_only=True)
class MaakLokaleInstanties(Command):
    """Give a milestone an instance per gemeente; each then moves at its own pace."""

    operation: ClassVar[str] = "maakLokaleInstanties"
    mijlpaal: UUID
    gemeenten: list[str]

    def decide(self, x: Executor, envelope: Envelope) -> list[Mijlpaal | MijlpaalInstantie]:
        m = load_mijlpaal(x, envelope.principal, self.mijlpaal, None, "lokale mijlpalen aanmaken")
        gemeenten = list(self.gemeenten)
        problems = [
            Problem("gemeenten", f"{g} heeft al een instantie") for g in gemeenten if x.exists(instantie_id(m.id, g))
        ]
        if m.programma is not None:
            leden = x.load(Programma, programma_id(m.programma), "programma").opdrachtgevers
            problems += [
                Problem("gemeenten", f"{g} is geen opdrachtgever van het programma")
                for g in gemeenten
                if g not in leden
            ]
        if not gemeenten or len(set(gemeenten)) != len(gemeenten):
            problems.append(Problem("gemeenten", "minstens één, zonder dubbelen"))
        if problems:
            raise ValidationFailed(problems)
        return [m, *(MijlpaalInstantie.maak(m, g) for g in gemeenten)]


@dataclass(frozen=True, kw_only=True)
class InstantieWijziging(Command):
    """A change of a gemeente's instance of a milestone."""

    action: ClassVar[str]
    mijlpaal: UUID
    gemeente: str
    expected_version: int | None = None

    def decide(self, x: Executor, envelope: Envelope) -> list[MijlpaalInstantie]:
        parent = x.load(Mijlpaal, self.mijlpaal, "mijlpaal")
        require_visible_owner(x, envelope.principal, parent)
        require_instance_writer(envelope.principal, self.gemeente, parent.project, self.action)
        what = f"lokale mijlpaal van {self.gemeente}"
        inst = x.load(MijlpaalInstantie, instantie_id(self.mijlpaal, self.gemeente), what)
        x.expect_version(inst, self.expected_version, what)
        self.change(x, envelope, inst)
        return [inst]

    @abstractmethod
    def change(self, x: Executor, envelope: Envelope, instantie: MijlpaalInstantie) -> None:
        """The instance decides."""


@dataclass(frozen=True, kw_only=True)
class VerplaatsLokaleMijlpaal(InstantieWijziging):
    operation: ClassVar[str] = "verplaatsLokaleMijlpaal"
    action: ClassVar[str] = "verplaatsen"
    naar: dt.date
    precisie: str
    reden_categorie: str
    reden: str

    def change(self, x: Executor, envelope: Envelope, instantie: MijlpaalInstantie) -> None:
        check_besluit(x, envelope)
        instantie.verplaats(self.naar, self.precisie, self.reden_categorie, self.reden, envelope.besluit_id)


@dataclass(frozen=True, kw_only=True)
class BehaalLokaleMijlpaal(InstantieWijziging):
    operation: ClassVar[str] = "behaalLokaleMijlpaal"
    action: ClassVar[str] = "als behaald melden"
    datum: dt.date

    def change(self, x: Executor, envelope: Envelope, instantie: MijlpaalInstantie) -> None:
        instantie.behaal(self.datum)


@dataclass(frozen=True, kw_only=True)
class LaatLokaleMijlpaalVervallen(InstantieWijziging):
    operation: ClassVar[str] = "laatLokaleMijlpaalVervallen"
    action: ClassVar[str] = "laten vervallen"
    reden: str

    def change(self, x: Executor, envelope: Envelope, instantie: MijlpaalInstantie) -> None:
        instantie.laat_vervallen(self.reden)

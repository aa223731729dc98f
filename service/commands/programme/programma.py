"""Commands on the regional programme: the programma, its phases and
projects. Milestones are in ``mijlpalen``, budget and risks in ``begroting``.

The programme office writes everything; a projectleider writes its own
project (token claim ``projecten``).
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from domain.errors import Problem, ValidationFailed
from domain.principal import Principal
from domain.programma import Programma, programma_id
from domain.project import Project, project_id
from domain.regio import Regio, regio_id
from service.access.authority import check_besluit
from service.access.authz import require_programmabureau, require_project_writer
from service.commands.base import Command, Envelope, Executor


@dataclass(frozen=True, kw_only=True)
class StartProgramma(Command):
    operation: ClassVar[str] = "startProgramma"
    code: str
    naam: str
    regio: str
    periode_start: dt.date
    periode_eind: dt.date
    doelen: list[str]
    opdrachtgevers: list[str]

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een programma starten")

    def decide(self, x: Executor, envelope: Envelope) -> list[Programma]:
        if x.exists(programma_id(self.code.strip())):
            raise ValidationFailed([Problem("code", f"programma {self.code} bestaat al")])
        gemeenten = x.load(Regio, regio_id(self.regio), f"regio {self.regio}").gemeenten
        vreemd = [g for g in self.opdrachtgevers if g not in gemeenten]
        if vreemd:
            raise ValidationFailed([Problem("opdrachtgevers", f"niet in regio {self.regio}: {', '.join(vreemd)}")])
        programma = Programma.start(
            code=self.code,
            naam=self.naam,
            regio=self.regio,
            periode_start=self.periode_start,
            periode_eind=self.periode_eind,
            doelen=list(self.doelen),
            opdrachtgevers=list(self.opdrachtgevers),
        )
        return [programma]


@dataclass(frozen=True, kw_only=True)
class ProgrammaWijziging(Command):
    """A change of an existing programma (the programme office only)."""

    action: ClassVar[str]
    """What the rule names when someone else tries."""
    programma: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, self.action)

    def decide(self, x: Executor, envelope: Envelope) -> list[Programma]:
        programma = x.load(Programma, programma_id(self.programma), f"programma {self.programma}")
        x.expect_version(programma, self.expected_version, f"programma {self.programma}")
        self.change(programma)
        return [programma]

    @abstractmethod
    def change(self, programma: Programma) -> None:
        """The programma decides."""


@dataclass(frozen=True, kw_only=True)
class LegOpdrachtgeverschapVast(ProgrammaWijziging):
    operation: ClassVar[str] = "legOpdrachtgeverschapVast"
    action: ClassVar[str] = "het opdrachtgeverschap vastleggen"
    ambtelijk: list[str]
    bestuurlijk: list[str]
    bestuurlijk_lead: str | None = None
    programmamanager: str | None = None

    def change(self, programma: Programma) -> None:
        programma.leg_opdrachtgeverschap_vast(
            list(self.ambtelijk), list(self.bestuurlijk), self.bestuurlijk_lead, self.programmamanager
        )


@dataclass(frozen=True, kw_only=True)
class KoppelInitiatief(ProgrammaWijziging):
    operation: ClassVar[str] = "koppelInitiatief"
    action: ClassVar[str] = "een initiatief koppelen"
    naam: str
    relatie: str
    eigenaar: str

    def change(self, programma: Programma) -> None:
        programma.koppel_initiatief(self.naam, self.relatie, self.eigenaar)


@dataclass(frozen=True, kw_only=True)
class PlanProgrammafase(ProgrammaWijziging):
    operation: ClassVar[str] = "planFase"
    action: ClassVar[str] = "een programmafase plannen"
    fase: str
    geplande_start: dt.date
    geplande_eind: dt.date
    verantwoording_aan: str
    oplevering: str | None = None

    def change(self, programma: Programma) -> None:
        programma.plan_fase(
            self.fase, self.geplande_start, self.geplande_eind, self.verantwoording_aan, self.oplevering
        )


@dataclass(frozen=True, kw_only=True)
class StartProgrammafase(ProgrammaWijziging):
    operation: ClassVar[str] = "startFase"
    action: ClassVar[str] = "een programmafase starten"
    fase: str
    startdatum: dt.date
    verantwoording_aan: str
    oplevering: str | None = None

    def change(self, programma: Programma) -> None:
        programma.start_fase(self.fase, self.startdatum, self.verantwoording_aan, self.oplevering)


@dataclass(frozen=True, kw_only=True)
class RondProgrammafaseAf(ProgrammaWijziging):
    operation: ClassVar[str] = "rondFaseAf"
    action: ClassVar[str] = "een programmafase afronden"
    fase: str
    einddatum: dt.date

    def change(self, programma: Programma) -> None:
        programma.rond_fase_af(self.fase, self.einddatum)


@dataclass(frozen=True, kw_only=True)
class NeemProjectOp(Command):
    """A projectlijn or deelproject in the programme."""

    operation: ClassVar[str] = "neemProjectOp"
    programma: str
    code: str
    naam: str
    soort: str
    hoofdproject: str | None = None
    herkomst: str
    omschrijving: str

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een project in het programma opnemen")

    def decide(self, x: Executor, envelope: Envelope) -> list[Project]:
        x.load(Programma, programma_id(self.programma), f"programma {self.programma}")
        if x.exists(project_id(self.code.strip())):
            raise ValidationFailed([Problem("code", f"project {self.code} bestaat al")])
        if self.hoofdproject is not None:
            hoofd = x.load(Project, project_id(self.hoofdproject), f"project {self.hoofdproject}")
            if hoofd.programma != self.programma:
                raise ValidationFailed([Problem("hoofdproject", "hoort bij een ander programma")])
        project = Project.neem_op(
            code=self.code,
            programma=self.programma,
            naam=self.naam,
            soort=self.soort,
            hoofdproject=self.hoofdproject,
            herkomst=self.herkomst,
            omschrijving=self.omschrijving,
        )
        return [project]


@dataclass(frozen=True, kw_only=True)
class ProjectWijziging(Command):
    """A change of a project: the programme office, or the project's own projectleider."""

    action: ClassVar[str]
    project: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_project_writer(principal, self.project, self.action)

    def decide(self, x: Executor, envelope: Envelope) -> list[Project]:
        project = x.load(Project, project_id(self.project), f"project {self.project}")
        x.expect_version(project, self.expected_version, f"project {self.project}")
        self.change(x, envelope, project)
        return [project]

    @abstractmethod
    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        """The project decides (with what else it needs loaded through ``x``)."""


@dataclass(frozen=True, kw_only=True)
class StelProjectdoelVast(ProjectWijziging):
    operation: ClassVar[str] = "stelProjectdoelVast"
    action: ClassVar[str] = "doelen vaststellen"
    tekst: str

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        project.stel_doel_vast(self.tekst)


@dataclass(frozen=True, kw_only=True)
class StelProjectdoelBij(ProjectWijziging):
    operation: ClassVar[str] = "stelProjectdoelBij"
    action: ClassVar[str] = "doelen bijstellen"
    nummer: int
    tekst: str
    reden: str

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        check_besluit(x, envelope)
        project.stel_doel_bij(self.nummer, self.tekst, self.reden)


@dataclass(frozen=True, kw_only=True)
class WijsProjectleiderToe(ProjectWijziging):
    operation: ClassVar[str] = "wijsProjectleiderToe"
    action: ClassVar[str] = "een projectleider toewijzen"
    projectleider: str

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, self.action)

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        project.wijs_projectleider_toe(self.projectleider)


@dataclass(frozen=True, kw_only=True)
class WijzigProjectfase(ProjectWijziging):
    operation: ClassVar[str] = "wijzigProjectfase"
    action: ClassVar[str] = "de fase wijzigen"
    fase: str

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        project.wijzig_fase(self.fase)


@dataclass(frozen=True, kw_only=True)
class StelMijlpalenplanningVast(ProjectWijziging):
    operation: ClassVar[str] = "stelMijlpalenplanningVast"
    action: ClassVar[str] = "de mijlpalenplanning vaststellen"
    datum: dt.date

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        project.stel_mijlpalenplanning_vast(self.datum)


@dataclass(frozen=True, kw_only=True)
class LegLokalePlanningVast(ProjectWijziging):
    operation: ClassVar[str] = "legLokalePlanningVast"
    action: ClassVar[str] = "de lokale planning vastleggen"
    gemeente: str
    start: dt.date | None = None
    eind: dt.date | None = None
    lokale_doelen: list[str]
    afstemming_met: list[str]

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        programma = x.load(Programma, programma_id(project.programma), f"programma {project.programma}")
        if self.gemeente not in programma.opdrachtgevers:
            raise ValidationFailed([Problem("gemeente", f"{self.gemeente} is geen opdrachtgever van het programma")])
        project.leg_lokale_planning_vast(
            self.gemeente, self.start, self.eind, list(self.lokale_doelen), list(self.afstemming_met)
        )


@dataclass(frozen=True, kw_only=True)
class RapporteerProjectvoortgang(ProjectWijziging):
    operation: ClassVar[str] = "rapporteerVoortgang"
    action: ClassVar[str] = "voortgang rapporteren"
    datum: dt.date
    periode: str
    signaal: str
    verhaal: str

    def change(self, x: Executor, envelope: Envelope, project: Project) -> None:
        project.rapporteer_voortgang(self.datum, self.periode, self.signaal, self.verhaal)

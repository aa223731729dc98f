"""Commands on the regional programme: the programma, its phases and
projects. Milestones, budget and risks are in ``programme_mijlpalen`` and
``programme_budget``; :class:`ProgrammeCommands` joins them.

The programme office writes everything; a projectleider writes its own
project (token claim ``projecten``).
"""

from __future__ import annotations

import datetime as dt

from domain.errors import Problem, ValidationFailed
from domain.programma import Programma, programma_id
from domain.project import Project, project_id
from domain.regio import Regio, regio_id
from service.access.authority import check_besluit
from service.access.authz import require_programmabureau, require_project_writer
from service.commands.base import Envelope, Executor, Saved
from service.commands.programme.begroting import BegrotingCommands, RisicoCommands
from service.commands.programme.mijlpalen import MijlpaalCommands


class ProgrammaCommands:
    x: Executor

    def programma(self, code: str, expected: int | None) -> Programma:
        programma = self.x.load(Programma, programma_id(code), f"programma {code}")
        self.x.expect_version(programma, expected, f"programma {code}")
        return programma

    def start_programma(
        self,
        command: Envelope,
        *,
        code: str,
        naam: str,
        regio: str,
        periode_start: dt.date,
        periode_eind: dt.date,
        doelen: list[str],
        opdrachtgevers: list[str],
    ) -> Saved:
        require_programmabureau(command.principal, "een programma starten")

        def decide() -> list[Programma]:
            if self.x.exists(programma_id(code.strip())):
                raise ValidationFailed([Problem("code", f"programma {code} bestaat al")])
            gemeenten = self.x.load(Regio, regio_id(regio), f"regio {regio}").gemeenten
            vreemd = [g for g in opdrachtgevers if g not in gemeenten]
            if vreemd:
                raise ValidationFailed([Problem("opdrachtgevers", f"niet in regio {regio}: {', '.join(vreemd)}")])
            return [
                Programma.start(
                    code=code,
                    naam=naam,
                    regio=regio,
                    periode_start=periode_start,
                    periode_eind=periode_eind,
                    doelen=doelen,
                    opdrachtgevers=opdrachtgevers,
                )
            ]

        payload = {"code": code, "naam": naam, "regio": regio, "van": periode_start, "tot": periode_eind}
        payload |= {"doelen": doelen, "opdrachtgevers": opdrachtgevers}
        return self.x.execute(command, "startProgramma", payload, decide)

    def leg_opdrachtgeverschap_vast(
        self,
        command: Envelope,
        programma: str,
        *,
        ambtelijk: list[str],
        bestuurlijk: list[str],
        bestuurlijk_lead: str | None,
        programmamanager: str | None,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "het opdrachtgeverschap vastleggen")

        def decide() -> list[Programma]:
            p = self.programma(programma, expected_version)
            p.leg_opdrachtgeverschap_vast(ambtelijk, bestuurlijk, bestuurlijk_lead, programmamanager)
            return [p]

        payload = {"p": programma, "a": ambtelijk, "b": bestuurlijk, "l": bestuurlijk_lead, "m": programmamanager}
        return self.x.execute(command, "legOpdrachtgeverschapVast", payload | {"v": expected_version}, decide)

    def koppel_initiatief(
        self, command: Envelope, programma: str, naam: str, relatie: str, eigenaar: str, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "een initiatief koppelen")

        def decide() -> list[Programma]:
            p = self.programma(programma, expected_version)
            p.koppel_initiatief(naam, relatie, eigenaar)
            return [p]

        payload = {"p": programma, "naam": naam, "relatie": relatie, "eigenaar": eigenaar, "v": expected_version}
        return self.x.execute(command, "koppelInitiatief", payload, decide)

    def plan_fase(
        self,
        command: Envelope,
        programma: str,
        fase: str,
        geplande_start: dt.date,
        geplande_eind: dt.date,
        verantwoording_aan: str,
        oplevering: str | None,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "een programmafase plannen")

        def decide() -> list[Programma]:
            p = self.programma(programma, expected_version)
            p.plan_fase(fase, geplande_start, geplande_eind, verantwoording_aan, oplevering)
            return [p]

        payload = {"p": programma, "f": fase, "s": geplande_start, "e": geplande_eind, "aan": verantwoording_aan}
        return self.x.execute(command, "planFase", payload | {"o": oplevering, "v": expected_version}, decide)

    def start_fase(
        self,
        command: Envelope,
        programma: str,
        fase: str,
        startdatum: dt.date,
        verantwoording_aan: str,
        oplevering: str | None,
        expected_version: int | None,
    ) -> Saved:
        require_programmabureau(command.principal, "een programmafase starten")

        def decide() -> list[Programma]:
            p = self.programma(programma, expected_version)
            p.start_fase(fase, startdatum, verantwoording_aan, oplevering)
            return [p]

        payload = {"p": programma, "f": fase, "d": startdatum, "aan": verantwoording_aan, "o": oplevering}
        return self.x.execute(command, "startFase", payload | {"v": expected_version}, decide)

    def rond_fase_af(
        self, command: Envelope, programma: str, fase: str, einddatum: dt.date, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "een programmafase afronden")

        def decide() -> list[Programma]:
            p = self.programma(programma, expected_version)
            p.rond_fase_af(fase, einddatum)
            return [p]

        payload = {"p": programma, "f": fase, "d": einddatum, "v": expected_version}
        return self.x.execute(command, "rondFaseAf", payload, decide)


class ProjectCommands:
    x: Executor

    def project(self, command: Envelope, code: str, expected: int | None, action: str) -> Project:
        require_project_writer(command.principal, code, action)
        project = self.x.load(Project, project_id(code), f"project {code}")
        self.x.expect_version(project, expected, f"project {code}")
        return project

    def neem_project_op(
        self,
        command: Envelope,
        programma: str,
        *,
        code: str,
        naam: str,
        soort: str,
        hoofdproject: str | None,
        herkomst: str,
        omschrijving: str,
    ) -> Saved:
        require_programmabureau(command.principal, "een project in het programma opnemen")

        def decide() -> list[Project]:
            self.x.load(Programma, programma_id(programma), f"programma {programma}")
            if self.x.exists(project_id(code.strip())):
                raise ValidationFailed([Problem("code", f"project {code} bestaat al")])
            if hoofdproject is not None:
                hoofd = self.x.load(Project, project_id(hoofdproject), f"project {hoofdproject}")
                if hoofd.programma != programma:
                    raise ValidationFailed([Problem("hoofdproject", "hoort bij een ander programma")])
            return [
                Project.neem_op(
                    code=code,
                    programma=programma,
                    naam=naam,
                    soort=soort,
                    hoofdproject=hoofdproject,
                    herkomst=herkomst,
                    omschrijving=omschrijving,
                )
            ]

        payload = {
            "p": programma,
            "c": code,
            "n": naam,
            "s": soort,
            "h": hoofdproject,
            "o": herkomst,
            "t": omschrijving,
        }
        return self.x.execute(command, "neemProjectOp", payload, decide)

    def stel_projectdoel_vast(self, command: Envelope, project: str, tekst: str, expected_version: int | None) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "doelen vaststellen")
            p.stel_doel_vast(tekst)
            return [p]

        payload = {"p": project, "t": tekst, "v": expected_version}
        return self.x.execute(command, "stelProjectdoelVast", payload, decide)

    def stel_projectdoel_bij(
        self, command: Envelope, project: str, nummer: int, tekst: str, reden: str, expected_version: int | None
    ) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "doelen bijstellen")
            check_besluit(self.x, command)
            p.stel_doel_bij(nummer, tekst, reden)
            return [p]

        payload = {"p": project, "n": nummer, "t": tekst, "r": reden, "v": expected_version}
        return self.x.execute(command, "stelProjectdoelBij", payload, decide)

    def wijs_projectleider_toe(
        self, command: Envelope, project: str, projectleider: str, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "een projectleider toewijzen")

        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "een projectleider toewijzen")
            p.wijs_projectleider_toe(projectleider)
            return [p]

        payload = {"p": project, "pl": projectleider, "v": expected_version}
        return self.x.execute(command, "wijsProjectleiderToe", payload, decide)

    def wijzig_projectfase(self, command: Envelope, project: str, fase: str, expected_version: int | None) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "de fase wijzigen")
            p.wijzig_fase(fase)
            return [p]

        return self.x.execute(command, "wijzigProjectfase", {"p": project, "f": fase, "v": expected_version}, decide)

    def stel_mijlpalenplanning_vast(
        self, command: Envelope, project: str, datum: dt.date, expected_version: int | None
    ) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "de mijlpalenplanning vaststellen")
            p.stel_mijlpalenplanning_vast(datum)
            return [p]

        payload = {"p": project, "d": datum, "v": expected_version}
        return self.x.execute(command, "stelMijlpalenplanningVast", payload, decide)

    def leg_lokale_planning_vast(
        self,
        command: Envelope,
        project: str,
        gemeente: str,
        *,
        start: dt.date | None,
        eind: dt.date | None,
        lokale_doelen: list[str],
        afstemming_met: list[str],
        expected_version: int | None,
    ) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "de lokale planning vastleggen")
            programma = self.x.load(Programma, programma_id(p.programma), f"programma {p.programma}")
            if gemeente not in programma.opdrachtgevers:
                raise ValidationFailed([Problem("gemeente", f"{gemeente} is geen opdrachtgever van het programma")])
            p.leg_lokale_planning_vast(gemeente, start, eind, lokale_doelen, afstemming_met)
            return [p]

        payload = {"p": project, "g": gemeente, "s": start, "e": eind, "d": lokale_doelen, "a": afstemming_met}
        return self.x.execute(command, "legLokalePlanningVast", payload | {"v": expected_version}, decide)

    def rapporteer_voortgang(
        self,
        command: Envelope,
        project: str,
        *,
        datum: dt.date,
        periode: str,
        signaal: str,
        verhaal: str,
        expected_version: int | None,
    ) -> Saved:
        def decide() -> list[Project]:
            p = self.project(command, project, expected_version, "voortgang rapporteren")
            p.rapporteer_voortgang(datum, periode, signaal, verhaal)
            return [p]

        payload = {"p": project, "d": datum, "pe": periode, "s": signaal, "t": verhaal, "v": expected_version}
        return self.x.execute(command, "rapporteerVoortgang", payload, decide)


class ProgrammeCommands(ProgrammaCommands, ProjectCommands, MijlpaalCommands, BegrotingCommands, RisicoCommands):
    """Every command of the regional programme."""

    def __init__(self, executor: Executor) -> None:
        self.x = executor

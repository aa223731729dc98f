"""A project (projectlijn or deelproject) inside a programme: its goals
(revisable, with a reason), projectleider, phase, the local planning per
gemeente, and the progress reports of the projectleider to the
programmamanager."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from eventsourcing.domain import event

from domain import codes
from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import GEMEENTECODE, natural_id
from domain.programma import FASEN
from domain.vocabulary import ProjectHerkomst, ProjectSoort, Voortgangssignaal

SOORTEN = tuple(ProjectSoort)
HERKOMST = tuple(ProjectHerkomst)
SIGNALEN = tuple(Voortgangssignaal)


def project_id(code: str) -> UUID:
    return natural_id("project", code)


def _text(problems: ProblemCollector, field: str, value: str, limit: int = 300) -> None:
    problems.require(bool(value.strip()) and len(value) <= limit, field, f"verplicht, hooguit {limit} tekens")


class Project(VoortgangAggregate):
    class Opgenomen(VoortgangAggregate.Created):
        code: str
        programma: str
        naam: str
        soort: str
        hoofdproject: str | None
        herkomst: str
        omschrijving: str

    class DoelVastgesteld(VoortgangAggregate.Event):
        nummer: int
        tekst: str

    class DoelBijgesteld(VoortgangAggregate.Event):
        nummer: int
        tekst: str
        reden: str

    class ProjectleiderToegewezen(VoortgangAggregate.Event):
        projectleider: str

    class FaseGewijzigd(VoortgangAggregate.Event):
        fase: str

    class MijlpalenplanningVastgesteld(VoortgangAggregate.Event):
        datum: dt.date

    class LokalePlanningVastgelegd(VoortgangAggregate.Event):
        gemeente: str
        start: dt.date | None
        eind: dt.date | None
        lokale_doelen: list[str]
        afstemming_met: list[str]

    class VoortgangGerapporteerd(VoortgangAggregate.Event):
        datum: dt.date
        periode: str
        signaal: str
        verhaal: str

    @staticmethod
    def create_id(code: str) -> UUID:
        return project_id(code)

    @classmethod
    def neem_op(
        cls,
        *,
        code: str,
        programma: str,
        naam: str,
        soort: str,
        hoofdproject: str | None,
        herkomst: str,
        omschrijving: str = "",
    ) -> Project:
        problems = ProblemCollector()
        codes.PROJECT.require(problems, "code", code)
        codes.PROGRAMMA.require(problems, "programma", programma)
        if hoofdproject:
            codes.PROJECT.require(problems, "hoofdproject", hoofdproject)
        _text(problems, "naam", naam)
        problems.require(soort in SOORTEN, "soort", f"een van {', '.join(SOORTEN)}")
        problems.require(herkomst in HERKOMST, "herkomst", f"een van {', '.join(HERKOMST)}")
        problems.require(soort != "deelproject" or bool(hoofdproject), "hoofdproject", "verplicht bij een deelproject")
        problems.require(len(omschrijving) <= 4000, "omschrijving", "hooguit 4000 tekens")
        problems.raise_if_any()
        return cls(
            code=code.strip(),
            programma=programma,
            naam=naam.strip(),
            soort=soort,
            hoofdproject=hoofdproject,
            herkomst=herkomst,
            omschrijving=omschrijving.strip(),
        )

    @event(Opgenomen)
    def __init__(
        self,
        code: str,
        programma: str,
        naam: str,
        soort: str,
        hoofdproject: str | None,
        herkomst: str,
        omschrijving: str,
    ) -> None:
        self.code = code
        self.programma = programma
        self.naam = naam
        self.soort = soort
        self.hoofdproject = hoofdproject
        self.herkomst = herkomst
        self.doelen: dict[int, str] = {}
        self.projectleider: str | None = None
        self.fase = "initiatie"
        self.mijlpalenplanning_vastgesteld = False
        self.lokale_planningen: dict[str, dt.date | None] = {}
        self.laatste_rapportage: dt.date | None = None

    def stel_doel_vast(self, tekst: str) -> int:
        problems = ProblemCollector()
        _text(problems, "tekst", tekst, 2000)
        problems.raise_if_any()
        nummer = max(self.doelen, default=0) + 1
        self._doel(nummer=nummer, tekst=tekst.strip())
        return nummer

    @event(DoelVastgesteld)
    def _doel(self, nummer: int, tekst: str) -> None:
        self.doelen[nummer] = tekst

    def stel_doel_bij(self, nummer: int, tekst: str, reden: str) -> None:
        problems = ProblemCollector()
        problems.require(nummer in self.doelen, "nummer", f"het project heeft geen doel {nummer}")
        _text(problems, "tekst", tekst, 2000)
        _text(problems, "reden", reden, 2000)
        problems.require(self.doelen.get(nummer) != tekst.strip(), "tekst", "het doel luidt al zo")
        problems.raise_if_any()
        self._doel_bijgesteld(nummer=nummer, tekst=tekst.strip(), reden=reden.strip())

    @event(DoelBijgesteld)
    def _doel_bijgesteld(self, nummer: int, tekst: str, reden: str) -> None:
        self.doelen[nummer] = tekst

    def wijs_projectleider_toe(self, projectleider: str) -> None:
        problems = ProblemCollector()
        _text(problems, "projectleider", projectleider, 200)
        problems.raise_if_any()
        self._projectleider(projectleider=projectleider.strip())

    @event(ProjectleiderToegewezen)
    def _projectleider(self, projectleider: str) -> None:
        self.projectleider = projectleider

    def stel_mijlpalenplanning_vast(self, datum: dt.date) -> None:
        if self.mijlpalenplanning_vastgesteld:
            raise InvalidTransition("de mijlpalenplanning van dit project is al vastgesteld")
        self._mijlpalenplanning(datum=datum)

    @event(MijlpalenplanningVastgesteld)
    def _mijlpalenplanning(self, datum: dt.date) -> None:
        self.mijlpalenplanning_vastgesteld = True

    def wijzig_fase(self, fase: str) -> None:
        problems = ProblemCollector()
        problems.require(fase in FASEN, "fase", f"een van {', '.join(FASEN)}")
        problems.raise_if_any()
        if fase == self.fase:
            raise InvalidTransition(f"het project is al in de fase {fase}")
        if fase == "realisatie" and not self.mijlpalenplanning_vastgesteld:
            raise InvalidTransition("een project gaat pas in realisatie met een vastgestelde mijlpalenplanning")
        self._fase(fase=fase)

    @event(FaseGewijzigd)
    def _fase(self, fase: str) -> None:
        self.fase = fase

    def leg_lokale_planning_vast(
        self,
        gemeente: str,
        start: dt.date | None,
        eind: dt.date | None,
        lokale_doelen: list[str],
        afstemming_met: list[str],
    ) -> None:
        problems = ProblemCollector()
        problems.require(bool(GEMEENTECODE.match(gemeente)), "gemeente", "een CBS-gemeentecode zoals GM0307")
        problems.require(start is None or eind is None or eind >= start, "eind", "ligt niet vóór de start")
        problems.require(all(d.strip() for d in lokale_doelen), "lokaleDoelen", "een doel is niet leeg")
        problems.raise_if_any()
        self._lokale_planning(
            gemeente=gemeente,
            start=start,
            eind=eind,
            lokale_doelen=[d.strip() for d in lokale_doelen],
            afstemming_met=[a.strip() for a in afstemming_met if a.strip()],
        )

    @event(LokalePlanningVastgelegd)
    def _lokale_planning(
        self,
        gemeente: str,
        start: dt.date | None,
        eind: dt.date | None,
        lokale_doelen: list[str],
        afstemming_met: list[str],
    ) -> None:
        self.lokale_planningen[gemeente] = eind

    def rapporteer_voortgang(self, datum: dt.date, periode: str, signaal: str, verhaal: str) -> None:
        """The projectleider reports to the programmamanager: a signal and the story behind it."""
        problems = ProblemCollector()
        _text(problems, "periode", periode, 40)
        problems.require(signaal in SIGNALEN, "signaal", f"een van {', '.join(SIGNALEN)}")
        _text(problems, "verhaal", verhaal, 8000)
        problems.raise_if_any()
        self._voortgang(datum=datum, periode=periode.strip(), signaal=signaal, verhaal=verhaal.strip())

    @event(VoortgangGerapporteerd)
    def _voortgang(self, datum: dt.date, periode: str, signaal: str, verhaal: str) -> None:
        self.laatste_rapportage = datum

"""The regional programme: who commissions it, its period and goals, its
phases, and the initiatives it links to without owning them.

Officials are recorded by actor id, never by name. The phases overlap: a
phase may start before the previous one ends, never before it started. A
phase can be planned (planned start and end) before it starts; the actual
start and end are recorded when they happen.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from eventsourcing.domain import event

from domain import codes
from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import GEMEENTECODE, natural_id
from domain.vocabulary import ProgrammaFase

FASEN = tuple(ProgrammaFase)
OPLEVERINGEN = {
    "initiatie": "programmaplan",
    "definitie": "addendum",
    "ontwerp": "projectplannen met mijlpalenplanning",
    "realisatie": "borgingsplan",
    "nazorg": "nazorgadvies",
}


def programma_id(code: str) -> UUID:
    return natural_id("programma", code)


def _text(problems: ProblemCollector, field: str, value: str, limit: int = 300) -> None:
    problems.require(bool(value.strip()) and len(value) <= limit, field, f"verplicht, hooguit {limit} tekens")


class Programma(VoortgangAggregate):
    class Gestart(VoortgangAggregate.Created):
        code: str
        naam: str
        regio: str
        periode_start: dt.date
        periode_eind: dt.date
        doelen: list[str]
        opdrachtgevers: list[str]

    class OpdrachtgeverschapVastgelegd(VoortgangAggregate.Event):
        ambtelijk: list[str]
        bestuurlijk: list[str]
        bestuurlijk_lead: str | None
        programmamanager: str | None

    class InitiatiefGekoppeld(VoortgangAggregate.Event):
        naam: str
        relatie: str
        eigenaar: str

    class FaseGepland(VoortgangAggregate.Event):
        """Planned start and end of a phase (again to replan it); the actual dates come later."""

        fase: str
        geplande_start: dt.date
        geplande_eind: dt.date
        oplevering: str
        verantwoording_aan: str

    class FaseGestart(VoortgangAggregate.Event):
        fase: str
        startdatum: dt.date
        oplevering: str
        verantwoording_aan: str

    class FaseAfgerond(VoortgangAggregate.Event):
        fase: str
        einddatum: dt.date

    @staticmethod
    def create_id(code: str) -> UUID:
        return programma_id(code)

    @classmethod
    def start(
        cls,
        *,
        code: str,
        naam: str,
        regio: str,
        periode_start: dt.date,
        periode_eind: dt.date,
        doelen: list[str],
        opdrachtgevers: list[str],
    ) -> Programma:
        problems = ProblemCollector()
        codes.PROGRAMMA.require(problems, "code", code)
        _text(problems, "naam", naam)
        codes.REGIO.require(problems, "regio", regio)
        problems.require(periode_eind > periode_start, "periodeEind", "ligt na de start van de periode")
        problems.require(all(d.strip() for d in doelen), "doelen", "een doel is niet leeg")
        bad = [g for g in opdrachtgevers if not GEMEENTECODE.match(g)]
        problems.require(not bad, "opdrachtgevers", f"geen CBS-gemeentecode: {', '.join(bad)}")
        problems.require(len(set(opdrachtgevers)) == len(opdrachtgevers), "opdrachtgevers", "dubbele gemeente")
        problems.raise_if_any()
        return cls(
            code=code.strip(),
            naam=naam.strip(),
            regio=regio.strip(),
            periode_start=periode_start,
            periode_eind=periode_eind,
            doelen=[d.strip() for d in doelen],
            opdrachtgevers=list(opdrachtgevers),
        )

    @event(Gestart)
    def __init__(
        self,
        code: str,
        naam: str,
        regio: str,
        periode_start: dt.date,
        periode_eind: dt.date,
        doelen: list[str],
        opdrachtgevers: list[str],
    ) -> None:
        self.code = code
        self.naam = naam
        self.regio = regio
        self.periode_start = periode_start
        self.periode_eind = periode_eind
        self.doelen = doelen
        self.opdrachtgevers = opdrachtgevers
        self.ambtelijk: list[str] = []
        self.bestuurlijk: list[str] = []
        self.bestuurlijk_lead: str | None = None
        self.programmamanager: str | None = None
        self.initiatieven: list[str] = []
        self.fasen: dict[str, dt.date] = {}
        self.afgerond: dict[str, dt.date] = {}
        self.gepland: dict[str, tuple[dt.date, dt.date]] = {}

    def leg_opdrachtgeverschap_vast(
        self, ambtelijk: list[str], bestuurlijk: list[str], bestuurlijk_lead: str | None, programmamanager: str | None
    ) -> None:
        """Officials by actor id; when there are several bestuurlijk opdrachtgevers one of them leads."""
        problems = ProblemCollector()
        problems.require(all(a.strip() for a in ambtelijk + bestuurlijk), "opdrachtgevers", "een id is niet leeg")
        if bestuurlijk:
            problems.require(
                bestuurlijk_lead in bestuurlijk, "bestuurlijkLead", "een van de bestuurlijk opdrachtgevers"
            )
        else:
            problems.require(bestuurlijk_lead is None, "bestuurlijkLead", "alleen met bestuurlijk opdrachtgevers")
        problems.require(programmamanager is None or bool(programmamanager.strip()), "programmamanager", "niet leeg")
        problems.raise_if_any()
        self._opdrachtgeverschap(
            ambtelijk=ambtelijk,
            bestuurlijk=bestuurlijk,
            bestuurlijk_lead=bestuurlijk_lead,
            programmamanager=programmamanager,
        )

    @event(OpdrachtgeverschapVastgelegd)
    def _opdrachtgeverschap(
        self, ambtelijk: list[str], bestuurlijk: list[str], bestuurlijk_lead: str | None, programmamanager: str | None
    ) -> None:
        self.ambtelijk = ambtelijk
        self.bestuurlijk = bestuurlijk
        self.bestuurlijk_lead = bestuurlijk_lead
        self.programmamanager = programmamanager

    def koppel_initiatief(self, naam: str, relatie: str, eigenaar: str) -> None:
        """A linked initiative that is explicitly not part of the programme."""
        problems = ProblemCollector()
        _text(problems, "naam", naam)
        _text(problems, "relatie", relatie)
        problems.require(len(eigenaar) <= 300, "eigenaar", "hooguit 300 tekens")
        problems.require(naam.strip() not in self.initiatieven, "naam", "dit initiatief is al gekoppeld")
        problems.raise_if_any()
        self._initiatief(naam=naam.strip(), relatie=relatie.strip(), eigenaar=eigenaar.strip())

    @event(InitiatiefGekoppeld)
    def _initiatief(self, naam: str, relatie: str, eigenaar: str) -> None:
        self.initiatieven.append(naam)

    def plan_fase(
        self,
        fase: str,
        geplande_start: dt.date,
        geplande_eind: dt.date,
        verantwoording_aan: str,
        oplevering: str | None,
    ) -> None:
        """Plan (or replan) a phase that has not ended; planned phases overlap like actual ones."""
        problems = ProblemCollector()
        problems.require(fase in FASEN, "fase", f"een van {', '.join(FASEN)}")
        _text(problems, "verantwoordingAan", verantwoording_aan)
        problems.require(geplande_eind >= geplande_start, "geplandeEind", "ligt niet vóór de geplande start")
        problems.raise_if_any()
        if fase in self.afgerond:
            raise InvalidTransition(f"de fase {fase} is al afgerond")
        index = FASEN.index(fase)
        vorige = FASEN[index - 1] if index > 0 else None
        if vorige in self.gepland and geplande_start < self.gepland[vorige][0]:
            raise InvalidTransition(f"de fase {fase} kan niet gepland worden vóór de geplande start van {vorige}")
        self._fase_gepland(
            fase=fase,
            geplande_start=geplande_start,
            geplande_eind=geplande_eind,
            oplevering=(oplevering or OPLEVERINGEN[fase]).strip(),
            verantwoording_aan=verantwoording_aan.strip(),
        )

    @event(FaseGepland)
    def _fase_gepland(
        self, fase: str, geplande_start: dt.date, geplande_eind: dt.date, oplevering: str, verantwoording_aan: str
    ) -> None:
        self.gepland[fase] = (geplande_start, geplande_eind)

    def start_fase(self, fase: str, startdatum: dt.date, verantwoording_aan: str, oplevering: str | None) -> None:
        problems = ProblemCollector()
        problems.require(fase in FASEN, "fase", f"een van {', '.join(FASEN)}")
        _text(problems, "verantwoordingAan", verantwoording_aan)
        problems.raise_if_any()
        if fase in self.fasen:
            raise InvalidTransition(f"de fase {fase} is al gestart")
        index = FASEN.index(fase)
        if index > 0:
            vorige = FASEN[index - 1]
            if vorige not in self.fasen:
                raise InvalidTransition(f"de fase {fase} kan pas starten als de fase {vorige} gestart is")
            if startdatum < self.fasen[vorige]:
                raise InvalidTransition(f"de fase {fase} kan niet starten vóór de start van de fase {vorige}")
        self._fase_gestart(
            fase=fase,
            startdatum=startdatum,
            oplevering=(oplevering or OPLEVERINGEN[fase]).strip(),
            verantwoording_aan=verantwoording_aan.strip(),
        )

    @event(FaseGestart)
    def _fase_gestart(self, fase: str, startdatum: dt.date, oplevering: str, verantwoording_aan: str) -> None:
        self.fasen[fase] = startdatum

    def rond_fase_af(self, fase: str, einddatum: dt.date) -> None:
        if fase not in self.fasen:
            raise InvalidTransition(f"de fase {fase} is niet gestart")
        if fase in self.afgerond:
            raise InvalidTransition(f"de fase {fase} is al afgerond")
        if einddatum < self.fasen[fase]:
            raise InvalidTransition(f"de fase {fase} kan niet eindigen vóór haar start")
        self._fase_afgerond(fase=fase, einddatum=einddatum)

    @event(FaseAfgerond)
    def _fase_afgerond(self, fase: str, einddatum: dt.date) -> None:
        self.afgerond[fase] = einddatum

"""A programme risk: description, beheersmaatregelen, owner, status,
escalations (e.g. to the klankbordgroep) and the history of its updates."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import natural_id
from domain.vocabulary import RisicoStatus

STATUSSEN = tuple(RisicoStatus)


def risico_id(programma: str, nummer: str) -> UUID:
    return natural_id("risico", f"{programma}/{nummer}")


def _check(problems: ProblemCollector, omschrijving: str, maatregelen: list[str], eigenaar: str) -> None:
    problems.require(
        bool(omschrijving.strip()) and len(omschrijving) <= 4000, "omschrijving", "verplicht, hooguit 4000 tekens"
    )
    problems.require(all(m.strip() for m in maatregelen), "beheersmaatregelen", "een maatregel is niet leeg")
    problems.require(bool(eigenaar.strip()) and len(eigenaar) <= 200, "eigenaar", "verplicht, hooguit 200 tekens")


class Risico(VoortgangAggregate):
    class Geregistreerd(VoortgangAggregate.Created):
        programma: str
        nummer: str
        omschrijving: str
        beheersmaatregelen: list[str]
        eigenaar: str

    class Bijgewerkt(VoortgangAggregate.Event):
        omschrijving: str
        beheersmaatregelen: list[str]
        eigenaar: str

    class StatusGewijzigd(VoortgangAggregate.Event):
        status: str

    class Geescaleerd(VoortgangAggregate.Event):
        naar: str
        reden: str

    @staticmethod
    def create_id(programma: str, nummer: str) -> UUID:
        return risico_id(programma, nummer)

    @classmethod
    def registreer(
        cls, programma: str, nummer: str, omschrijving: str, beheersmaatregelen: list[str], eigenaar: str
    ) -> Risico:
        problems = ProblemCollector()
        problems.require(bool(nummer.strip()) and len(nummer) <= 20, "nummer", "verplicht, hooguit 20 tekens")
        _check(problems, omschrijving, beheersmaatregelen, eigenaar)
        problems.raise_if_any()
        return cls(
            programma=programma,
            nummer=nummer.strip(),
            omschrijving=omschrijving.strip(),
            beheersmaatregelen=[m.strip() for m in beheersmaatregelen],
            eigenaar=eigenaar.strip(),
        )

    @event(Geregistreerd)
    def __init__(
        self, programma: str, nummer: str, omschrijving: str, beheersmaatregelen: list[str], eigenaar: str
    ) -> None:
        self.programma = programma
        self.nummer = nummer
        self.omschrijving = omschrijving
        self.beheersmaatregelen = beheersmaatregelen
        self.eigenaar = eigenaar
        self.status: str = RisicoStatus.OPEN
        self.escalaties: list[str] = []

    def werk_bij(self, omschrijving: str, beheersmaatregelen: list[str], eigenaar: str) -> None:
        problems = ProblemCollector()
        _check(problems, omschrijving, beheersmaatregelen, eigenaar)
        new = (omschrijving.strip(), [m.strip() for m in beheersmaatregelen], eigenaar.strip())
        problems.require(
            new != (self.omschrijving, self.beheersmaatregelen, self.eigenaar), "omschrijving", "er verandert niets"
        )
        problems.raise_if_any()
        self._bijgewerkt(omschrijving=new[0], beheersmaatregelen=new[1], eigenaar=new[2])

    @event(Bijgewerkt)
    def _bijgewerkt(self, omschrijving: str, beheersmaatregelen: list[str], eigenaar: str) -> None:
        self.omschrijving = omschrijving
        self.beheersmaatregelen = beheersmaatregelen
        self.eigenaar = eigenaar

    def wijzig_status(self, status: str) -> None:
        """Why is the command's toelichting (in every event's metadata)."""
        problems = ProblemCollector()
        problems.require(status in STATUSSEN, "status", f"een van {', '.join(STATUSSEN)}")
        problems.raise_if_any()
        if status == self.status:
            raise InvalidTransition(f"het risico is al {status}")
        if self.status == "gesloten":
            raise InvalidTransition("een gesloten risico verandert niet meer van status")
        self._status(status=status)

    @event(StatusGewijzigd)
    def _status(self, status: str) -> None:
        self.status = status

    def escaleer(self, naar: str, reden: str) -> None:
        """Escalate in time, e.g. to the klankbordgroep, so that the opdrachtgevers give cover."""
        if self.status == "gesloten":
            raise InvalidTransition("een gesloten risico wordt niet meer geëscaleerd")
        problems = ProblemCollector()
        problems.require(bool(naar.strip()) and len(naar) <= 300, "naar", "verplicht, hooguit 300 tekens")
        problems.require(bool(reden.strip()) and len(reden) <= 4000, "reden", "verplicht, hooguit 4000 tekens")
        problems.raise_if_any()
        self._geescaleerd(naar=naar.strip(), reden=reden.strip())

    @event(Geescaleerd)
    def _geescaleerd(self, naar: str, reden: str) -> None:
        self.escalaties.append(naar)

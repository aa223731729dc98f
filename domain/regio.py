"""A regio and the gemeenten in it, identified by CBS gemeentecode (GMxxxx)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain import codes
from domain.base import VoortgangAggregate
from domain.errors import ProblemCollector
from domain.ids import natural_id


def regio_id(code: str) -> UUID:
    return natural_id("regio", code)


class Regio(VoortgangAggregate):
    """The registry of a regio: its name and its gemeenten."""

    class Geregistreerd(VoortgangAggregate.Created):
        code: str
        naam: str

    class GemeenteGeregistreerd(VoortgangAggregate.Event):
        code: str
        naam: str

    @staticmethod
    def create_id(code: str, naam: str) -> UUID:
        return regio_id(code)

    @classmethod
    def registreer(cls, code: str, naam: str) -> Regio:
        problems = ProblemCollector()
        codes.REGIO.require(problems, "code", code)
        problems.require(bool(naam.strip()) and len(naam) <= 200, "naam", "verplicht, hooguit 200 tekens")
        problems.raise_if_any()
        return cls(code=code, naam=naam.strip())

    @event(Geregistreerd)
    def __init__(self, code: str, naam: str) -> None:
        self.code = code
        self.naam = naam
        self.gemeenten: dict[str, str] = {}

    def registreer_gemeente(self, code: str, naam: str) -> None:
        problems = ProblemCollector()
        codes.GEMEENTE.require(problems, "code", code)
        problems.require(bool(naam.strip()) and len(naam) <= 200, "naam", "verplicht, hooguit 200 tekens")
        problems.require(code not in self.gemeenten, "code", f"{code} is al geregistreerd in deze regio")
        problems.raise_if_any()
        self._gemeente_geregistreerd(code=code, naam=naam.strip())

    @event(GemeenteGeregistreerd)
    def _gemeente_geregistreerd(self, code: str, naam: str) -> None:
        self.gemeenten[code] = naam

"""An overleg (meeting) of a gremium: agenda, attendance, reports, minutes.

Agenda items reference topics, ontwikkelpunten, mijlpalen, projects and
besluiten by id, so the agenda pack can show each item's current state. The
besluiten taken in the meeting are the besluiten geagendeerd in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import natural_id
from domain.vocabulary import AgendaSoort, OverlegStatus, RapportageSoort

AGENDA_SOORTEN = tuple(AgendaSoort)
RAPPORTAGE_SOORTEN = tuple(RapportageSoort)
STATUSSEN = tuple(OverlegStatus)


def overleg_id(gremium: str, datum: dt.date) -> UUID:
    return natural_id("overleg", f"{gremium}\x00{datum.isoformat()}")


class Overleg(VoortgangAggregate):
    """One meeting of one body on one date."""

    class Gepland(VoortgangAggregate.Created):
        gremium: str
        regio: str
        datum: dt.date
        locatie: str | None

    class AgendapuntToegevoegd(VoortgangAggregate.Event):
        nummer: int
        onderwerp: str
        soort: str
        ref_id: str | None
        terugkerend: bool

    class AanwezigheidVastgelegd(VoortgangAggregate.Event):
        aanwezigen: list[dict[str, Any]]

    class RapportageOntvangen(VoortgangAggregate.Event):
        soort: str
        door: str
        onderwerp: str
        document: str | None

    class Gehouden(VoortgangAggregate.Event):
        notulen: str | None

    class NotulenVastgelegd(VoortgangAggregate.Event):
        notulen: str

    class Geannuleerd(VoortgangAggregate.Event):
        reden: str

    @staticmethod
    def create_id(gremium: str, datum: dt.date, **_: Any) -> UUID:
        return overleg_id(gremium, datum)

    @classmethod
    def plan(cls, gremium: str, regio: str, datum: dt.date, locatie: str | None = None) -> Overleg:
        return cls(gremium=gremium, regio=regio, datum=datum, locatie=(locatie or "").strip() or None)

    @event(Gepland)
    def __init__(self, gremium: str, regio: str, datum: dt.date, locatie: str | None) -> None:
        self.gremium = gremium
        self.regio = regio
        self.datum = datum
        self.status = "gepland"
        self.agenda: list[dict[str, Any]] = []
        self.notulen: str | None = None

    def _require_niet_geannuleerd(self) -> None:
        if self.status == "geannuleerd":
            raise InvalidTransition(f"het overleg van {self.datum.isoformat()} is geannuleerd")

    def agendeer(self, onderwerp: str, soort: str, ref_id: str | None = None, terugkerend: bool = False) -> int:
        """Add an item; returns its number."""
        self._require_niet_geannuleerd()
        problems = ProblemCollector()
        problems.require(
            bool(onderwerp.strip()) and len(onderwerp) <= 500, "onderwerp", "verplicht, hooguit 500 tekens"
        )
        problems.require(soort in AGENDA_SOORTEN, "soort", f"een van {AGENDA_SOORTEN}")
        problems.require(soort == "onderwerp" or bool((ref_id or "").strip()), "refId", f"verplicht bij soort {soort}")
        dubbel = ref_id is not None and any(p["ref_id"] == ref_id for p in self.agenda)
        problems.require(not dubbel, "refId", "staat al op de agenda")
        problems.raise_if_any()
        nummer = len(self.agenda) + 1
        self._agendapunt(
            nummer=nummer, onderwerp=onderwerp.strip(), soort=soort,
            ref_id=(ref_id or "").strip() or None, terugkerend=terugkerend,
        )  # fmt: skip
        return nummer

    @event(AgendapuntToegevoegd)
    def _agendapunt(self, nummer: int, onderwerp: str, soort: str, ref_id: str | None, terugkerend: bool) -> None:
        self.agenda.append({"nummer": nummer, "onderwerp": onderwerp, "soort": soort, "ref_id": ref_id})

    def leg_aanwezigheid_vast(self, aanwezigen: list[dict[str, Any]]) -> None:
        self._require_niet_geannuleerd()
        problems = ProblemCollector()
        problems.require(bool(aanwezigen), "aanwezigen", "minstens één")
        for i, a in enumerate(aanwezigen):
            org = str(a.get("organisatie", "")).strip()
            problems.require(bool(org), f"aanwezigen[{i}].organisatie", "verplicht")
        problems.raise_if_any()
        self._aanwezigheid(
            aanwezigen=[
                {
                    "organisatie": str(a["organisatie"]).strip(),
                    "rol": (str(a.get("rol") or "").strip() or None),
                    "aanwezig": bool(a.get("aanwezig", True)),
                }
                for a in aanwezigen
            ]
        )

    @event(AanwezigheidVastgelegd)
    def _aanwezigheid(self, aanwezigen: list[dict[str, Any]]) -> None:
        self.aanwezigen = aanwezigen

    def ontvang_rapportage(self, soort: str, door: str, onderwerp: str, document: str | None) -> None:
        self._require_niet_geannuleerd()
        problems = ProblemCollector()
        problems.require(soort in RAPPORTAGE_SOORTEN, "soort", f"een van {RAPPORTAGE_SOORTEN}")
        problems.require(bool(door.strip()), "door", "verplicht (rol, bv. programmamanager)")
        problems.require(bool(onderwerp.strip()), "onderwerp", "verplicht")
        problems.raise_if_any()
        self._rapportage(soort=soort, door=door.strip(), onderwerp=onderwerp.strip(), document=document)

    @event(RapportageOntvangen)
    def _rapportage(self, soort: str, door: str, onderwerp: str, document: str | None) -> None:
        pass

    def houd(self, notulen: str | None = None) -> None:
        if self.status != "gepland":
            raise InvalidTransition(f"het overleg is al {self.status}")
        self._gehouden(notulen=(notulen or "").strip() or None)

    @event(Gehouden)
    def _gehouden(self, notulen: str | None) -> None:
        self.status = "gehouden"
        self.notulen = notulen or self.notulen

    def leg_notulen_vast(self, notulen: str) -> None:
        self._require_niet_geannuleerd()
        problems = ProblemCollector()
        problems.require(bool(notulen.strip()), "notulen", "verplicht (documentverwijzing)")
        problems.raise_if_any()
        self._notulen(notulen=notulen.strip())

    @event(NotulenVastgelegd)
    def _notulen(self, notulen: str) -> None:
        self.notulen = notulen

    def annuleer(self, reden: str) -> None:
        if self.status != "gepland":
            raise InvalidTransition(f"het overleg is al {self.status}")
        problems = ProblemCollector()
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.raise_if_any()
        self._geannuleerd(reden=reden.strip())

    @event(Geannuleerd)
    def _geannuleerd(self, reden: str) -> None:
        self.status = "geannuleerd"

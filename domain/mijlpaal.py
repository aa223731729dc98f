"""Mijlpalen: a milestone of the programme, a project or an ontwikkelpunt
(a deelstap may be one), with an immutable baseline, a forecast, an actual
date and finish-to-start dependencies; and its per-gemeente instances, each
its own aggregate, so that a gemeente moves only its own instance.

Every reschedule is an event with from, to, reason category and reason; the
besluit a body took to decide it is in the event's ``besluit_id`` metadata.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import GEMEENTECODE, natural_id
from domain.planning import PRECISIES, Planning, check_datum, periode_start
from domain.vocabulary import EigenaarSoort, MijlpaalSoort

SOORTEN = tuple(MijlpaalSoort)
EIGENAAR_SOORTEN = tuple(EigenaarSoort)


def instantie_id(mijlpaal_id: UUID, gemeente: str) -> UUID:
    return natural_id("mijlpaal-instantie", f"{mijlpaal_id}/{gemeente}")


class Mijlpaal(Planning, VoortgangAggregate):
    """A regional (or owner's) milestone."""

    class Gepland(VoortgangAggregate.Created):
        """Version 2 adds ``start``: an activity runs from the period of ``start`` to that of
        ``datum``; a milestone (``start`` empty) is a point. Version 1 events are milestones."""

        class_version = 2

        titel: str
        soort: str
        eigenaar_soort: str
        eigenaar_id: str
        programma: str | None
        project: str | None
        datum: dt.date
        precisie: str
        omschrijving: str
        start: dt.date | None
        start_precisie: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["start"] = None
            state["start_precisie"] = None

    class Verplaatst(VoortgangAggregate.Event):
        naar: dt.date
        precisie: str
        reden_categorie: str
        reden: str

    class Behaald(VoortgangAggregate.Event):
        datum: dt.date

    class Vervallen(VoortgangAggregate.Event):
        reden: str

    class AfhankelijkheidToegevoegd(VoortgangAggregate.Event):
        voorganger_id: str

    @classmethod
    def plan(
        cls,
        *,
        titel: str,
        soort: str,
        eigenaar_soort: str,
        eigenaar_id: str,
        programma: str | None,
        project: str | None,
        datum: dt.date,
        precisie: str,
        omschrijving: str = "",
        start: dt.date | None = None,
        start_precisie: str | None = None,
    ) -> Mijlpaal:
        """A milestone at ``datum``; with ``start`` an activity from ``start`` to ``datum`` (a Gantt bar)."""
        problems = ProblemCollector()
        problems.require(bool(titel.strip()) and len(titel) <= 300, "titel", "verplicht, hooguit 300 tekens")
        problems.require(soort in SOORTEN, "soort", f"een van {', '.join(SOORTEN)}")
        problems.require(eigenaar_soort in EIGENAAR_SOORTEN, "eigenaarSoort", f"een van {', '.join(EIGENAAR_SOORTEN)}")
        problems.require(bool(eigenaar_id.strip()), "eigenaar", "verplicht")
        problems.require(len(omschrijving) <= 4000, "omschrijving", "hooguit 4000 tekens")
        check_datum(problems, "datum", datum, precisie)
        if start is not None:
            check_datum(problems, "start", start, start_precisie or "")
            if precisie in PRECISIES and (start_precisie or "") in PRECISIES:
                problems.require(
                    periode_start(start, start_precisie or "dag") <= periode_start(datum, precisie),
                    "start",
                    "ligt niet na de einddatum van de activiteit",
                )
        problems.raise_if_any()
        return cls(
            titel=titel.strip(),
            soort=soort,
            eigenaar_soort=eigenaar_soort,
            eigenaar_id=eigenaar_id.strip(),
            programma=programma,
            project=project,
            datum=periode_start(datum, precisie),
            precisie=precisie,
            omschrijving=omschrijving.strip(),
            start=None if start is None else periode_start(start, start_precisie or "dag"),
            start_precisie=None if start is None else start_precisie,
        )

    @event(Gepland)
    def __init__(
        self,
        titel: str,
        soort: str,
        eigenaar_soort: str,
        eigenaar_id: str,
        programma: str | None,
        project: str | None,
        datum: dt.date,
        precisie: str,
        omschrijving: str,
        start: dt.date | None,
        start_precisie: str | None,
    ) -> None:
        self.titel = titel
        self.start = start
        self.start_precisie = start_precisie
        self.soort = soort
        self.eigenaar_soort = eigenaar_soort
        self.eigenaar_id = eigenaar_id
        self.programma = programma
        self.project = project
        self.omschrijving = omschrijving
        self.voorgangers: list[str] = []
        self._start_planning(datum, precisie)

    @event(Verplaatst)
    def _verplaatst(self, naar: dt.date, precisie: str, reden_categorie: str, reden: str) -> None:
        self._record_verplaatsing(naar, precisie, reden_categorie, reden)

    @event(Behaald)
    def _behaald(self, datum: dt.date) -> None:
        self.actual = datum

    @event(Vervallen)
    def _vervallen(self, reden: str) -> None:
        self.vervallen = True

    def voeg_afhankelijkheid_toe(self, voorganger: Mijlpaal) -> None:
        """Finish-to-start: this milestone starts after ``voorganger`` is met."""
        problems = ProblemCollector()
        problems.require(voorganger.id != self.id, "voorganger", "een mijlpaal kan niet van zichzelf afhangen")
        problems.require(str(voorganger.id) not in self.voorgangers, "voorganger", "deze afhankelijkheid bestaat al")
        problems.require(
            str(self.id) not in voorganger.voorgangers, "voorganger", "de voorganger hangt al van deze mijlpaal af"
        )
        problems.raise_if_any()
        self._afhankelijkheid(voorganger_id=str(voorganger.id))

    @event(AfhankelijkheidToegevoegd)
    def _afhankelijkheid(self, voorganger_id: str) -> None:
        self.voorgangers.append(voorganger_id)

    def schendt_afhankelijkheid(self, voorganger: Mijlpaal) -> bool:
        """A warning, not an error: the forecast (an activity's start) lies before the predecessor's end."""
        eind = voorganger.actual or voorganger.forecast_eind
        return (self.start or self.forecast) < eind


class MijlpaalInstantie(Planning, VoortgangAggregate):
    """The instance of a milestone in one gemeente, moving at its own pace."""

    class Aangemaakt(VoortgangAggregate.Created):
        mijlpaal_id: UUID
        gemeente: str
        baseline: dt.date
        baseline_precisie: str
        forecast: dt.date
        forecast_precisie: str

    class Verplaatst(VoortgangAggregate.Event):
        naar: dt.date
        precisie: str
        reden_categorie: str
        reden: str

    class Behaald(VoortgangAggregate.Event):
        datum: dt.date

    class Vervallen(VoortgangAggregate.Event):
        reden: str

    @staticmethod
    def create_id(mijlpaal_id: UUID, gemeente: str) -> UUID:
        return instantie_id(mijlpaal_id, gemeente)

    @classmethod
    def maak(cls, mijlpaal: Mijlpaal, gemeente: str) -> MijlpaalInstantie:
        if mijlpaal.vervallen:
            raise InvalidTransition("een vervallen mijlpaal krijgt geen lokale instanties")
        problems = ProblemCollector()
        problems.require(bool(GEMEENTECODE.match(gemeente)), "gemeenten", f"{gemeente} is geen CBS-gemeentecode")
        problems.raise_if_any()
        return cls(
            mijlpaal_id=mijlpaal.id,
            gemeente=gemeente,
            baseline=mijlpaal.baseline,
            baseline_precisie=mijlpaal.baseline_precisie,
            forecast=mijlpaal.forecast,
            forecast_precisie=mijlpaal.forecast_precisie,
        )

    @event(Aangemaakt)
    def __init__(
        self,
        mijlpaal_id: UUID,
        gemeente: str,
        baseline: dt.date,
        baseline_precisie: str,
        forecast: dt.date,
        forecast_precisie: str,
    ) -> None:
        self.mijlpaal_id = mijlpaal_id
        self.gemeente = gemeente
        self._start_planning(baseline, baseline_precisie)
        self.forecast = forecast
        self.forecast_precisie = forecast_precisie

    @event(Verplaatst)
    def _verplaatst(self, naar: dt.date, precisie: str, reden_categorie: str, reden: str) -> None:
        self._record_verplaatsing(naar, precisie, reden_categorie, reden)

    @event(Behaald)
    def _behaald(self, datum: dt.date) -> None:
        self.actual = datum

    @event(Vervallen)
    def _vervallen(self, reden: str) -> None:
        self.vervallen = True

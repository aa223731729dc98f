"""Planned dates with a precision (dag, maand, kwartaal, jaar) and the
derived status of a milestone, shared by the regional milestone and its
per-gemeente instances.

A date is stored as the first day of its period; the period's last day is
what a promise means ("Q2 2022" is kept until 30 June 2022).

Slip rule (docs/glossary.md "Slip"): a date is compared with the baseline's
*period*, never with its first day. A date inside the period slips 0 days; a
date after it slips the days past the period's end (positive); a date
before it the days before the period's start (negative). So moving Q4-2022 to
2022-12-15 slips 0, never -16. An open milestone whose forecast period has
passed cannot be met before the peildatum, so the peildatum counts as its
date: ``vertraagd`` is exactly ``slip > 0`` for an open milestone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.errors import InvalidTransition, ProblemCollector
from domain.vocabulary import PlanningPrecisie, PlanningStatus, RedenCategorie

PRECISIES = tuple(PlanningPrecisie)
REDEN_CATEGORIEEN = tuple(RedenCategorie)
STATUSSEN = tuple(PlanningStatus)


def periode_start(datum: dt.date, precisie: str) -> dt.date:
    if precisie == "maand":
        return datum.replace(day=1)
    if precisie == "kwartaal":
        return dt.date(datum.year, 3 * ((datum.month - 1) // 3) + 1, 1)
    if precisie == "jaar":
        return dt.date(datum.year, 1, 1)
    return datum


def periode_eind(datum: dt.date, precisie: str) -> dt.date:
    start = periode_start(datum, precisie)
    if precisie == "dag":
        return start
    months = {"maand": 1, "kwartaal": 3, "jaar": 12}[precisie]
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def slip_tegen_periode(datum: dt.date, periode: dt.date, precisie: str) -> int:
    """Days ``datum`` lies outside the period of ``periode`` at ``precisie`` (0 inside it)."""
    start, eind = periode_start(periode, precisie), periode_eind(periode, precisie)
    if datum > eind:
        return (datum - eind).days
    if datum < start:
        return (datum - start).days
    return 0


def check_datum(problems: ProblemCollector, field: str, datum: dt.date | None, precisie: str) -> None:
    problems.require(precisie in PRECISIES, f"{field}Precisie", f"een van {', '.join(PRECISIES)}")
    problems.require(datum is not None, field, "verplicht")


def check_reden(problems: ProblemCollector, categorie: str, reden: str, besluit_id: str | None) -> None:
    problems.require(categorie in REDEN_CATEGORIEEN, "redenCategorie", f"een van {', '.join(REDEN_CATEGORIEEN)}")
    problems.require(bool(reden.strip()) and len(reden) <= 2000, "reden", "verplicht, hooguit 2000 tekens")
    if categorie == "besluit":
        problems.require(besluit_id is not None, "besluitId", "verplicht bij redencategorie besluit")


@dataclass(frozen=True)
class Verplaatsing:
    """One reschedule (the besluit it rests on is in the event's metadata)."""

    van: dt.date
    van_precisie: str
    naar: dt.date
    naar_precisie: str
    reden_categorie: str
    reden: str


class Planning:
    """Baseline, forecast, actual and derived status (mixed into aggregates)."""

    baseline: dt.date
    baseline_precisie: str
    forecast: dt.date
    forecast_precisie: str
    actual: dt.date | None
    vervallen: bool
    verplaatsingen: list[Verplaatsing]

    def _start_planning(self, datum: dt.date, precisie: str) -> None:
        self.baseline = self.forecast = periode_start(datum, precisie)
        self.baseline_precisie = self.forecast_precisie = precisie
        self.actual = None
        self.vervallen = False
        self.verplaatsingen = []

    def _check_open(self, what: str) -> None:
        if self.vervallen:
            raise InvalidTransition(f"een vervallen mijlpaal kan niet {what}")
        if self.actual is not None:
            raise InvalidTransition(f"een behaalde mijlpaal kan niet {what}")

    def _check_verplaats(
        self, naar: dt.date, precisie: str, categorie: str, reden: str, besluit_id: str | None
    ) -> None:
        self._check_open("worden verplaatst")
        problems = ProblemCollector()
        check_datum(problems, "naar", naar, precisie)
        check_reden(problems, categorie, reden, besluit_id)
        if precisie in PRECISIES:
            same = periode_start(naar, precisie) == self.forecast and precisie == self.forecast_precisie
            problems.require(not same, "naar", "de mijlpaal staat al op deze datum")
        problems.raise_if_any()

    # The verbs every planned thing shares (a milestone and its per-gemeente instances):
    # they decide here, once; each aggregate records them with its own event classes
    # (``_verplaatst``, ``_behaald``, ``_vervallen``), because an event belongs to its aggregate.
    def verplaats(
        self, naar: dt.date, precisie: str, reden_categorie: str, reden: str, besluit_id: str | None = None
    ) -> None:
        """Reschedule; ``besluit_id`` is the besluit it rests on (required for reden categorie besluit; the
        event records it from the command's metadata)."""
        self._check_verplaats(naar, precisie, reden_categorie, reden, besluit_id)
        self._verplaatst(
            naar=periode_start(naar, precisie), precisie=precisie, reden_categorie=reden_categorie, reden=reden.strip()
        )

    def behaal(self, datum: dt.date) -> None:
        self._check_open("worden behaald")
        self._behaald(datum=datum)

    def laat_vervallen(self, reden: str) -> None:
        self._check_open("vervallen")
        problems = ProblemCollector()
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.raise_if_any()
        self._vervallen(reden=reden.strip())

    def _verplaatst(self, naar: dt.date, precisie: str, reden_categorie: str, reden: str) -> None:
        raise NotImplementedError

    def _behaald(self, datum: dt.date) -> None:
        raise NotImplementedError

    def _vervallen(self, reden: str) -> None:
        raise NotImplementedError

    def _record_verplaatsing(self, naar: dt.date, precisie: str, categorie: str, reden: str) -> None:
        self.verplaatsingen.append(
            Verplaatsing(self.forecast, self.forecast_precisie, naar, precisie, categorie, reden)
        )
        self.forecast = naar
        self.forecast_precisie = precisie

    @property
    def baseline_eind(self) -> dt.date:
        return periode_eind(self.baseline, self.baseline_precisie)

    @property
    def forecast_eind(self) -> dt.date:
        return periode_eind(self.forecast, self.forecast_precisie)

    def slip_dagen(self, vandaag: dt.date | None = None) -> int:
        """Days outside the baseline period of the actual date, else of the forecast's end, or of
        ``vandaag`` when the forecast's period passed unmet (see the module's slip rule)."""
        datum = self.actual or self.forecast_eind
        if self.actual is None and not self.vervallen and vandaag is not None:
            datum = max(datum, vandaag)
        return slip_tegen_periode(datum, self.baseline, self.baseline_precisie)

    def status(self, vandaag: dt.date) -> str:
        """vertraagd: open and slipping past the baseline period (``slip_dagen(vandaag) > 0``)."""
        if self.vervallen:
            return "vervallen"
        if self.actual is not None:
            return "behaald"
        return "vertraagd" if self.slip_dagen(vandaag) > 0 else "gepland"

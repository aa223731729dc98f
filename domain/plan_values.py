"""Values shared by local and regional ontwikkelpunten: planning with its
precision, kosten and dekking, and a dated stand van zaken. Each has a check
that adds every problem to a :class:`ProblemCollector`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.errors import ProblemCollector
from domain.vocabulary import PlanningPrecisie, Voortgangssignaal

MAX_TEXT = 4000
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_BEDRAG = Decimal("1000000000")


def check_text(problems: ProblemCollector, value: str | None, field: str, *, required: bool = False) -> None:
    if value is None or not value.strip():
        problems.require(not required, field, "verplicht")
        return
    problems.require(len(value) <= MAX_TEXT, field, f"hooguit {MAX_TEXT} tekens")


def clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@dataclass(frozen=True)
class Planning:
    """When the action is done (``gereed``), how precisely that is known, and
    optionally when it starts."""

    gereed: dt.date
    precisie: str
    start: dt.date | None = None

    def check(self, problems: ProblemCollector, field: str = "planning") -> None:
        problems.require(PlanningPrecisie.has(self.precisie), f"{field}.precisie", PlanningPrecisie.choices())
        problems.require(EARLIEST <= self.gereed <= LATEST, f"{field}.gereed", "een datum tussen 2000 en 2100")
        if self.start is not None:
            problems.require(self.start <= self.gereed, f"{field}.start", "ligt na de gereeddatum")

    def as_event(self) -> dict[str, Any]:
        return {"start": self.start, "gereed": self.gereed, "precisie": self.precisie}


@dataclass(frozen=True)
class Kosten:
    """Cost in euros and how it is covered, tied to a begrotingsjaar."""

    bedrag: Decimal | None
    omschrijving: str | None = None
    dekking: str | None = None
    begrotingsjaar: int | None = None

    def check(self, problems: ProblemCollector, field: str = "kosten") -> None:
        if self.bedrag is not None:
            ok = self.bedrag.is_finite() and Decimal(0) <= self.bedrag <= MAX_BEDRAG
            problems.require(ok, f"{field}.bedrag", "een bedrag in euro's van 0 tot 1 miljard")
            if ok:
                problems.require(
                    self.bedrag == self.bedrag.quantize(Decimal("0.01")), f"{field}.bedrag", "hooguit centen"
                )
        check_text(problems, self.omschrijving, f"{field}.omschrijving")
        check_text(problems, self.dekking, f"{field}.dekking")
        if self.begrotingsjaar is not None:
            problems.require(
                2000 <= self.begrotingsjaar <= 2100, f"{field}.begrotingsjaar", "een jaar tussen 2000 en 2100"
            )

    def as_event(self) -> dict[str, Any]:
        return {
            "bedrag": self.bedrag,
            "omschrijving": clean(self.omschrijving),
            "dekking": clean(self.dekking),
            "begrotingsjaar": self.begrotingsjaar,
        }


@dataclass(frozen=True)
class Stand:
    """A stand van zaken: the date it speaks of, the narrative, a progress signal."""

    peildatum: dt.date
    tekst: str
    signaal: str

    def check(self, problems: ProblemCollector, vandaag: dt.date, field: str = "standVanZaken") -> None:
        problems.require(EARLIEST <= self.peildatum <= vandaag, f"{field}.peildatum", "een datum, niet in de toekomst")
        check_text(problems, self.tekst, f"{field}.tekst", required=True)
        problems.require(Voortgangssignaal.has(self.signaal), f"{field}.signaal", Voortgangssignaal.choices())

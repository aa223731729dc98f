"""Programme phases in memory: planned before they start, then started and ended."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import InvalidTransition, ValidationFailed
from domain.programma import Programma


def _programma() -> Programma:
    return Programma.start(
        code="kgb-zhz",
        naam="KGB",
        regio="zhz",
        periode_start=dt.date(2023, 1, 1),
        periode_eind=dt.date(2025, 12, 31),
        doelen=[],
        opdrachtgevers=[],
    )


def test_all_five_phases_can_be_planned_before_any_of_them_starts() -> None:
    p = _programma()
    for i, fase in enumerate(("initiatie", "definitie", "ontwerp", "realisatie", "nazorg")):
        p.plan_fase(fase, dt.date(2023, 1 + 2 * i, 1), dt.date(2023, 2 + 2 * i, 28), "Bestuurlijk overleg", None)
    assert list(p.gepland) == ["initiatie", "definitie", "ontwerp", "realisatie", "nazorg"]
    assert p.fasen == {}
    events = [e for e in p.collect_events() if isinstance(e, Programma.FaseGepland)]
    assert events[-1].oplevering == "nazorgadvies"


def test_a_planned_phase_starts_later_and_a_replan_moves_its_planned_dates() -> None:
    p = _programma()
    p.plan_fase("initiatie", dt.date(2022, 10, 1), dt.date(2022, 12, 31), "Netwerk MT+", None)
    p.plan_fase("initiatie", dt.date(2022, 10, 1), dt.date(2023, 1, 31), "Netwerk MT+", None)
    p.start_fase("initiatie", dt.date(2022, 10, 3), "Netwerk MT+", None)
    assert p.gepland["initiatie"] == (dt.date(2022, 10, 1), dt.date(2023, 1, 31))
    assert p.fasen["initiatie"] == dt.date(2022, 10, 3)


def test_a_plan_is_refused_when_it_ends_before_it_starts_precedes_the_previous_phase_or_the_phase_ended() -> None:
    p = _programma()
    with pytest.raises(ValidationFailed):
        p.plan_fase("initiatie", dt.date(2023, 2, 1), dt.date(2023, 1, 1), "BO", None)
    p.plan_fase("initiatie", dt.date(2023, 2, 1), dt.date(2023, 3, 1), "BO", None)
    with pytest.raises(InvalidTransition):
        p.plan_fase("definitie", dt.date(2023, 1, 1), dt.date(2023, 3, 1), "BO", None)
    p.start_fase("initiatie", dt.date(2023, 2, 1), "BO", None)
    p.rond_fase_af("initiatie", dt.date(2023, 3, 1))
    with pytest.raises(InvalidTransition):
        p.plan_fase("initiatie", dt.date(2023, 2, 1), dt.date(2023, 4, 1), "BO", None)

"""Progress over time on real data: PDCA history, changes between instants and
the agenda pack, progress series; all computed from the audit rows and views."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any, cast
from uuid import UUID

import psycopg
import pytest

from domain.ontwikkelplan import plan_id
from domain.overleg import overleg_id
from domain.plan_values import Planning, Stand
from projections.history import changes, pdca, progress
from projections.paging import PageRequest
from service.commands.base import Envelope, Saved
from service.commands.governance.gremium import StelGremiumIn
from service.commands.governance.overleg import HoudOverleg, PlanOverleg
from service.commands.plans.ontwikkelpunt import (
    LegPlanningVast,
    OmschrijfVerbeteractie,
    PuntWijziging,
    WerkStandVanZakenBij,
)
from service.runtime import Runtime
from tests.integration.command_strategies import PB, PERIODE, PUNTEN, SETUP, add_point

PUNT = PUNTEN[0]
TODAY = dt.date.today()


def _edit(runtime: Runtime, command: PuntWijziging) -> int:
    return runtime.commands.run(Envelope(principal=PB), command).position


async def all_changes(
    conn: psycopg.AsyncConnection[Any], subject: changes.ChangeSubject, window: tuple[int, int | None], size: int = 2
) -> list[changes.ChangeRow]:
    """Every change in the window, read page by page (``size`` rows a page) as a client would."""
    rows: list[changes.ChangeRow] = []
    after: tuple[Any, ...] | None = None
    while True:
        page = await changes.changes_page(conn, subject, None, window, PageRequest(size, after))
        rows += page.rows
        if not page.has_next:
            return rows
        after = (page.rows[-1].rang, page.rows[-1].position)


def _plan_with_a_cycle(runtime: Runtime) -> None:
    """Plan (add point) → Check (stand) → Act (improvement action) → Check (stand)."""
    cmd = Envelope(principal=PB)
    for step in SETUP:
        step.run(runtime.commands, cmd)
    _edit(runtime, WerkStandVanZakenBij(punt=PUNT, stand=Stand(dt.date(2025, 3, 1), "loopt", "aandacht_nodig")))
    _edit(runtime, OmschrijfVerbeteractie(punt=PUNT, omschrijving="vaker overleggen"))
    _edit(runtime, WerkStandVanZakenBij(punt=PUNT, stand=Stand(dt.date(2025, 6, 1), "beter", "op_koers")))
    runtime.projector().catch_up()


@pytest.fixture
async def conn(sync_runtime: Runtime) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    async with await psycopg.AsyncConnection.connect(sync_runtime.database.url, autocommit=True) as c:
        yield c


async def test_a_cycle_closes_when_an_act_follows_a_check(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    _plan_with_a_cycle(sync_runtime)
    steps = await pdca.pdca_steps(conn, pdca.Subject(object_id=PUNT), None, None)
    h = pdca.history(steps, dt.date(2025, 6, 11))
    assert [[s.pdca for s in c.steps] for c in h.cycles] == [["plan", "check", "act"], ["check"]]
    assert h.cycli_voltooid == 1
    assert h.laatste_check == dt.date(2025, 6, 1)
    assert h.dagen_sinds_laatste_check == 10
    assert h.open_acts == 1


async def test_the_pdca_history_of_a_plan_includes_its_points_and_a_gemeente_sees_only_its_own(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    _plan_with_a_cycle(sync_runtime)
    plan = pdca.Subject(object_id=plan_id("GM0001", PERIODE))
    own = await pdca.pdca_steps(conn, plan, "GM0001", None)
    assert {s.object_type for s in own} == {"Ontwikkelplan", "Ontwikkelpunt"}
    assert await pdca.pdca_steps(conn, plan, "GM0002", None) == []
    across = await pdca.pdca_steps(conn, pdca.Subject(basisfunctie=1), None, None)
    assert [s.event_type for s in across] == [s.event_type for s in own if s.object_type == "Ontwikkelpunt"]


async def test_the_pdca_history_as_of_an_earlier_position_ignores_later_events(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    _plan_with_a_cycle(sync_runtime)
    all_steps = await pdca.pdca_steps(conn, pdca.Subject(object_id=PUNT), None, None)
    earlier = await pdca.pdca_steps(conn, pdca.Subject(object_id=PUNT), None, all_steps[1].position)
    assert [s.pdca for s in earlier] == ["plan", "check"]


async def test_changes_between_two_instants_are_grouped_with_old_and_new_values(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    _plan_with_a_cycle(sync_runtime)
    t1 = _edit(sync_runtime, LegPlanningVast(punt=PUNT, planning=Planning(dt.date(2026, 3, 31), "maand")))
    _edit(sync_runtime, LegPlanningVast(punt=PUNT, planning=Planning(dt.date(2026, 9, 30), "maand")))
    _edit(sync_runtime, WerkStandVanZakenBij(punt=PUNT, stand=Stand(dt.date(2025, 7, 1), "ok", "op_koers")))
    sync_runtime.projector().catch_up()
    rows = await all_changes(conn, changes.ChangeSubject(gemeente="GM0001"), (t1, None))
    assert [r.groep for r in rows] == ["stand_van_zaken", "gewijzigd"]
    assert {"veld": "gereed", "oud": "2026-03-31", "nieuw": "2026-09-30"} in rows[1].changes
    counts = await changes.group_counts(conn, changes.ChangeSubject(gemeente="GM0001"), None, (t1, None))
    assert [(c.key, c.count) for c in counts] == [("stand_van_zaken", 1), ("gewijzigd", 1)]
    assert await all_changes(conn, changes.ChangeSubject(gemeente="GM0002"), (t1, None)) == []


async def test_the_agenda_pack_lists_exactly_the_changes_between_two_meetings(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    cmd = Envelope(principal=PB)
    gov = sync_runtime.commands
    SETUP[0].run(sync_runtime.commands, cmd)
    bo = StelGremiumIn(
        code="bo", regio="r1", naam="BO", type="bestuurlijk", cadans="kwartaal", ingesteld_op=dt.date(2025, 1, 1)
    )
    gov.run(cmd, bo)
    first, second = (overleg_id("bo", d) for d in (dt.date(2025, 3, 14), dt.date(2025, 6, 13)))
    for d in (dt.date(2025, 3, 14), dt.date(2025, 6, 13)):
        gov.run(cmd, PlanOverleg(gremium="bo", datum=d, locatie=None))
    gov.run(cmd, HoudOverleg(overleg=first, notulen=None))
    between = [cast(Saved, step.run(sync_runtime.commands, cmd)).position for step in SETUP[1:]]
    gov.run(cmd, HoudOverleg(overleg=second, notulen=None))
    add_point(sync_runtime.commands, cmd, "GM0001", PUNTEN[1])
    sync_runtime.projector().catch_up()
    t1, t2 = await changes.agenda_window(conn, "bo", second, None)
    listed = [r.position for r in await all_changes(conn, changes.ChangeSubject(), (t1, t2))]
    assert sorted(listed) == [*between, t2]
    assert await changes.agenda_window(conn, "bo", None, None) == (t2, None)


async def test_a_monthly_series_reads_each_period_as_of_its_end(
    sync_runtime: Runtime, conn: psycopg.AsyncConnection[Any]
) -> None:
    _plan_with_a_cycle(sync_runtime)
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    f = progress.SeriesFilter(gemeente="GM0001")
    before, now = await progress.series(conn, f, (last_month, TODAY, "maand"), 56)
    assert before.per_status == {} and before.positie < now.positie
    assert now.per_status == {"concept": 1}
    assert now.per_signaal == {"op_koers": 1}
    assert now.verouderd == (1 if (now.einde - dt.date(2025, 6, 1)).days > 56 else 0)


def test_period_ends_cover_months_and_quarters() -> None:
    assert progress.period_ends(dt.date(2025, 11, 5), dt.date(2026, 1, 1), "maand") == [
        ("2025-11", dt.date(2025, 11, 30)),
        ("2025-12", dt.date(2025, 12, 31)),
        ("2026-01", dt.date(2026, 1, 31)),
    ]
    assert [label for label, _ in progress.period_ends(dt.date(2025, 2, 1), dt.date(2025, 12, 1), "kwartaal")] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    # the calendar's last quarter ends the series (no next period to start in the year 10000)
    assert progress.period_ends(dt.date(9999, 11, 1), dt.date(9999, 12, 31), "kwartaal") == [
        ("9999-Q4", dt.date(9999, 12, 31))
    ]


def test_an_act_without_a_preceding_check_does_not_close_a_cycle() -> None:
    at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    steps = [
        pdca.PdcaStep(i, UUID(int=1), "X", "X.E", phase, at, None) for i, phase in enumerate(["plan", "act", "do"])
    ]
    h = pdca.history(steps, dt.date(2025, 1, 2))
    assert h.cycli_voltooid == 0
    assert h.open_acts == 0
    assert h.laatste_check is None

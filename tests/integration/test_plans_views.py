"""The plan views on a real PostgreSQL: demo data, a scenario, the queries
with their authorization filters, as-of reads, and a full rebuild that
reproduces every view row for row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from domain.besluit import besluit_id
from domain.ids import natural_id
from domain.plan_values import Planning, Stand
from domain.principal import Principal
from projections.paging import PageRequest
from projections.plans import queries as q
from projections.plans import regiobeeld as rb
from projections.plans.views import PlansProjection
from service.commands.base import Envelope
from service.commands.plans.ontwikkelpunt import HerordenDeelstappen, LegPlanningVast, WerkStandVanZakenBij
from service.demo.seed import seed_demo
from service.runtime import Runtime
from service.visibility import reading_as

AMERSFOORT = Principal("official-amersfoort-beleid-1", "A", frozenset({"gemeente"}), gemeente="GM0307")
EEMNES = Principal("official-eemnes-beleid-1", "E", frozenset({"gemeente"}), gemeente="GM0317")
PB = Principal("pb-1", "PB", frozenset({"programmabureau"}))


def point(key: str) -> Any:
    return natural_id("demo-ontwikkelpunt", key)


def scenario(runtime: Runtime) -> None:
    """Edits after the demo data: a planning change with a reason, stand van
    zaken, a reorder, a new concept point in Eemnes (whose plan is concept)."""
    run = runtime.commands.run
    cmd = Envelope(principal=AMERSFOORT, toelichting="besproken in het ambtelijk overleg")
    punt = point("GM0307-1")
    run(cmd, LegPlanningVast(punt=punt, planning=Planning(gereed=dt.date(2027, 3, 1), precisie="maand")))
    run(cmd, WerkStandVanZakenBij(punt=punt, stand=Stand(dt.date(2026, 10, 1), "Nieuwe stand.", "achter")))
    run(cmd, HerordenDeelstappen(punt=punt, volgorde=["d4", "d3", "d2", "d1"]))


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with psycopg.connect(url) as conn:
        for table in PlansProjection.tables:
            query = sql.SQL("SELECT * FROM {} ORDER BY 1, 2, sys_from").format(sql.Identifier(table))
            rows[table] = [tuple(r) for r in conn.execute(query).fetchall()]
    return rows


@pytest.fixture
def seeded(sync_runtime: Runtime) -> Iterator[Runtime]:
    seed_demo(sync_runtime)
    sync_runtime.projector().catch_up()
    yield sync_runtime


def test_every_plan_view_equals_a_full_rebuild_after_demo_data_and_a_scenario(seeded: Runtime) -> None:
    scenario(seeded)
    projector = seeded.projector()
    projector.catch_up()
    incremental = snapshot(seeded.database.url)
    assert len(incremental["ontwikkelpunt_view"]) > 42 * 5
    assert len(incremental["regionaal_punt_view"]) == 2
    projector.reset()
    assert snapshot(seeded.database.url)["ontwikkelpunt_view"] == []
    projector.catch_up()
    assert snapshot(seeded.database.url) == incremental


async def read(runtime: Runtime, fn: Any, who: Principal, *args: Any, **kwargs: Any) -> Any:
    """``fn`` as ``who`` reads it through the API: under row-level security."""
    async with (
        await psycopg.AsyncConnection.connect(runtime.database.url, autocommit=True) as conn,
        reading_as(conn, who),
    ):
        return await fn(conn, *args, **kwargs)


async def test_a_gemeente_reads_its_own_concept_points_but_never_another_gemeentes(seeded: Runtime) -> None:
    own = AMERSFOORT
    eemnes = EEMNES
    amersfoort_plan = (await read(seeded, q.plans, own, None, "GM0307"))[0]
    own_points = await read(seeded, q.points, own, None, 8, plan_id=amersfoort_plan.plan_id)
    as_eemnes = await read(seeded, q.points, eemnes, None, 8, plan_id=amersfoort_plan.plan_id)
    assert len(own_points) == 6
    assert "concept" in {p.status for p in own_points}
    assert {p.punt_id for p in as_eemnes} == {p.punt_id for p in own_points if p.status != "concept"}
    # Woudenberg's plan is still concept: invisible to Amersfoort, visible to the programme office.
    assert await read(seeded, q.plans, own, None, "GM0351") == []
    assert len(await read(seeded, q.plans, PB, None, "GM0351")) == 1


async def test_the_plan_shows_deelstappen_in_order_the_latest_stand_and_hygiene(seeded: Runtime) -> None:
    who = PB
    rows = await read(seeded, q.points, who, None, 8, punt_id=point("GM0307-2"))
    p = rows[0]
    assert [d.id for d in p.deelstappen] == ["d2", "d1", "d3", "d4"]
    assert p.laatste_stand is not None and p.laatste_stand.volgnummer >= 3
    assert p.kosten_bedrag is not None
    missing_link = (await read(seeded, q.points, who, None, 8, punt_id=point("GM0307-4")))[0]
    assert "geen_zelfscan_link" in missing_link.hygiene
    no_dekking = (await read(seeded, q.points, who, None, 8, punt_id=point("GM0307-5")))[0]
    assert "kosten_zonder_dekking" in no_dekking.hygiene or no_dekking.status == "afgerond"


async def test_the_timeline_and_planning_history_keep_the_old_and_the_new(seeded: Runtime) -> None:
    before = seeded.app.recorder.max_notification_id()
    scenario(seeded)
    seeded.projector().catch_up()
    who = AMERSFOORT
    history = await read(seeded, q.planning_history, who, None, point("GM0307-1"))
    assert [h.aangepast for h in history] == [False, True]
    assert history[-1].toelichting == "besproken in het ambtelijk overleg"
    everything = PageRequest(first=100, after=None)
    stands = (await read(seeded, q.timeline, who, None, point("GM0307-1"), everything)).rows
    assert stands[0].baseline and stands[-1].tekst == "Nieuwe stand."
    earlier = (await read(seeded, q.timeline, who, before, point("GM0307-1"), everything)).rows
    assert len(earlier) == len(stands) - 1
    old_point = (await read(seeded, q.points, who, before, 8, punt_id=point("GM0307-1")))[0]
    assert old_point.planning_gereed != dt.date(2027, 3, 1)


async def test_the_regiobeeld_counts_only_what_the_reader_may_see(seeded: Runtime) -> None:
    pb = await read(seeded, rb.regiobeeld, PB, None, "amersfoort")
    own = await read(seeded, rb.regiobeeld, AMERSFOORT, None, "amersfoort")
    assert len(pb) == 7 * 5
    total = sum(c.concept + c.vastgesteld + c.in_uitvoering + c.afgerond + c.vervallen for c in pb)
    assert total == 42
    woudenberg_seen_by_amersfoort = [c for c in own if c.gemeente == "GM0351"]
    assert all(c.concept + c.vastgesteld + c.in_uitvoering + c.afgerond == 0 for c in woudenberg_seen_by_amersfoort)
    assert sum(c.concept for c in own if c.gemeente == "GM0307") == 1
    assert all(c.dagen_sinds_update is None or c.dagen_sinds_update > 0 for c in pb)


async def test_regional_points_carry_each_gemeentes_progress(seeded: Runtime) -> None:
    regional = await read(seeded, rb.regional_points, PB, None, "amersfoort")
    assert [r.besluit_id for r in regional] == [str(besluit_id("amersfoort", "AMF-BOSD-2025-03")), None]
    progress = await read(seeded, rb.local_progress, PB, None, [r.punt_id for r in regional], None)
    assert len({v.gemeente for v in progress if v.punt_id == regional[0].punt_id}) == 7
    assert all(v.stand is not None for v in progress)

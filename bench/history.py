"""Time travel: the full plan of the big gemeente (10 000+ events) as of an
instant in the middle of its history, beside the same query now; and
``wijzigingenTussen`` over the last quarter of the event log (its first page of
``PAGE`` rows in agenda order, with the counts per group), beside the same SQL
(``projections.history.changes.changes_page`` + ``group_counts``) called directly. Against the
service process with the response cache off, so every request executes."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import psycopg
from psycopg import AsyncConnection

from bench.context import Bench, Row, post_graphql
from bench.generate import BIG_GEMEENTE, PERIODE, punt_id
from bench.harness import Sample, closed_loop
from bench.reads import FULL_PLAN
from domain.ontwikkelplan import plan_id
from projections.history import changes
from projections.paging import MAX_PAGE_SIZE, PageRequest

AS_OF_PLAN = FULL_PLAN.replace("query($g: String!)", "query($g: String!, $t: DateTime)").replace(
    "ontwikkelplan(gemeente: $g)", "ontwikkelplan(gemeente: $g, asOf: $t)"
)
PAGE = MAX_PAGE_SIZE
CHANGES = (
    "query($t: DateTime!, $first: Int) { wijzigingenTussen(vanaf: $t) { vanafPositie totPositie"
    " groepen { sleutel titel aantal } regels(first: $first) { pageInfo { hasNextPage endCursor }"
    " nodes { groep positie objectId objectType objectVersie gebeurtenis actie actieWeergave pdca aanmaakdatum } } } }"
)


def instants(url: str, big_points: int) -> dict[str, Any]:
    """The middle of the big plan's history, and the start of the log's last quarter."""
    ids = [plan_id(BIG_GEMEENTE, PERIODE), *(punt_id(BIG_GEMEENTE, n) for n in range(big_points))]
    with psycopg.connect(url) as conn:
        plan_events = conn.execute(
            "SELECT count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY e.notification_id)"
            " FROM voortgang_events e WHERE e.originator_id = ANY(%s)",
            (ids,),
        ).fetchone()
        assert plan_events is not None
        top = conn.execute("SELECT max(notification_id) FROM voortgang_events").fetchone()
        quarter = (int(top[0]) * 3) // 4 if top and top[0] else 0
        at: dict[str, Any] = {"plan_events": int(plan_events[0]), "quarter_position": quarter}
        for key, position in (("middle", plan_events[1]), ("quarter", quarter)):
            row = conn.execute(
                "SELECT recorded_at FROM voortgang_events WHERE notification_id >= %s ORDER BY notification_id LIMIT 1",
                (position,),
            ).fetchone()
            at[key] = row[0] if row else dt.datetime.now(dt.UTC)
    return at


def gql_case(bench: Bench, token: str, query: str, variables: dict[str, Any]) -> Any:
    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        return await post_graphql(client, bench.tokens[token], query, variables) is not None

    return request


async def direct_changes(url: str, position: int, duration_s: float) -> Sample:
    async with await AsyncConnection.connect(url, autocommit=True) as conn:
        subject = changes.ChangeSubject(None, None, False, None)
        sample = Sample()
        loop = asyncio.get_running_loop()
        started = loop.time()
        while loop.time() - started < duration_s:
            t0 = loop.time()
            await changes.changes_page(conn, subject, None, (position, None), PageRequest(PAGE, None))
            await changes.group_counts(conn, subject, None, (position, None))
            sample.latencies.append(loop.time() - t0)
        sample.wall_s = loop.time() - started
        return sample


def run(bench: Bench) -> None:
    at = instants(bench.url, bench.size.big_points)
    bench.facts["time travel"] = {k: str(v) for k, v in at.items()}
    middle = at["middle"].isoformat()
    as_of = asyncio.run(
        closed_loop(
            1,
            bench.duration_s,
            gql_case(bench, "gemeente", AS_OF_PLAN, {"g": BIG_GEMEENTE, "t": middle}),
            base_url=bench.uncached,
        )
    )
    now = asyncio.run(
        closed_loop(
            1, bench.duration_s, gql_case(bench, "gemeente", FULL_PLAN, {"g": BIG_GEMEENTE}), base_url=bench.uncached
        )
    )
    note = f"plan with {at['plan_events']} events"
    bench.add(
        Row(
            "time travel",
            "full plan as of the middle of its history",
            as_of.summary(),
            "same query now",
            now.summary(),
            "p50 <= 20 ms (PERFORMANCE.md)",
            as_of.pct(50) <= 20,
            note,
        )
    )
    quarter = at["quarter"].isoformat()
    ours = asyncio.run(
        closed_loop(
            1,
            bench.duration_s,
            gql_case(bench, "programmabureau", CHANGES, {"t": quarter, "first": PAGE}),
            base_url=bench.uncached,
        )
    )
    ref = asyncio.run(direct_changes(bench.url, at["quarter_position"], bench.duration_s))
    bench.add(
        Row(
            "time travel",
            f"wijzigingenTussen, last quarter of the log, first page of {PAGE}",
            ours.summary(),
            "changes_page + group_counts SQL, direct",
            ref.summary(),
            note=f"from position {at['quarter_position']}",
        )
    )

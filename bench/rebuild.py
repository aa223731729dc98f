"""Rebuild: ``Projector.reset()`` + ``catch_up()`` of every event into every
view (in place), and ``rebuild_online`` (what ``voortgang rebuild`` does:
build in a shadow schema, build the deferred indexes, swap), each beside a
raw sequential read of the event table in the same run."""

from __future__ import annotations

import time
from typing import Any

import psycopg

from bench.context import Bench, Row
from projections.registry import all_projections
from projections.runner import Projector


def raw_read(url: str) -> dict[str, Any]:
    """Read every event row (the columns the projector reads) with a server-side cursor."""
    started = time.perf_counter()
    count = 0
    with psycopg.connect(url) as conn, conn.cursor(name="bench_raw_read") as cur:
        cur.itersize = 5000
        cur.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at"
            " FROM voortgang_events ORDER BY notification_id"
        )
        for _ in cur:
            count += 1
    seconds = time.perf_counter() - started
    return {"n": count, "seconds": round(seconds, 2), "per_s": round(count / seconds, 1)}


def replay(url: str, mapper: Any) -> dict[str, Any]:
    projector = Projector(url=url, mapper=mapper, projections=all_projections())
    started = time.perf_counter()
    projector.reset()
    count = projector.catch_up()
    seconds = time.perf_counter() - started
    return {
        "n": count,
        "seconds": round(seconds, 2),
        "per_s": round(count / seconds, 1),
        "views": len(all_projections()),
    }


def online(url: str, mapper: Any) -> dict[str, Any]:
    from projections.rebuild import rebuild_online

    started = time.perf_counter()
    result = rebuild_online(url, mapper, all_projections())
    seconds = time.perf_counter() - started
    return {"n": result.events, "seconds": round(seconds, 2), "per_s": round(result.events / seconds, 1)}


GOAL = 0.25


def run(bench: Bench, mapper: Any) -> None:
    raw = raw_read(bench.url)
    ours = replay(bench.url, mapper)
    swapped = online(bench.url, mapper)
    raw_after = raw_read(bench.url)
    goal = f">= {GOAL} of the raw read"
    bench.add(
        Row("rebuild", f"reset + catch_up of {ours['n']} events into {ours['views']} views (in place)", ours,
            "raw sequential read of the event table", raw, goal, ours["per_s"] >= GOAL * raw["per_s"])
    )  # fmt: skip
    bench.add(
        Row("rebuild", f"voortgang rebuild (online: shadow schema, deferred indexes, swap) of {swapped['n']} events",
            swapped, "raw sequential read of the event table", raw_after, goal,
            swapped["per_s"] >= GOAL * raw_after["per_s"])
    )  # fmt: skip

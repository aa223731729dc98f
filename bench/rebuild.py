"""Rebuild: ``Projector.reset()`` + ``catch_up()`` of every event into every
view (what ``voortgang rebuild`` does), beside a raw sequential read of the
event table in the same run."""

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


def run(bench: Bench, mapper: Any) -> None:
    raw = raw_read(bench.url)
    ours = replay(bench.url, mapper)
    bench.add(
        Row("rebuild", f"reset + catch_up of {ours['n']} events into {ours['views']} views", ours,
            "raw sequential read of the event table", raw, ">= 20 000 events/s", ours["per_s"] >= 20_000)
    )  # fmt: skip

"""Projection lag under sustained write load: from an event's ``recorded_at``
(set in the insert transaction, just before commit) to the moment each view's
tracking reached it (the projector's ``voortgang_views`` NOTIFY, received by a
listener on the same machine)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict

import psycopg

from bench.context import Bench, Row
from bench.harness import Sample, closed_loop
from bench.writes import stand_request

CLIENTS = 8


def listen(url: str, stop: threading.Event, seen: list[tuple[float, str, int]], ready: threading.Event) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("LISTEN voortgang_views")
        ready.set()
        while not stop.is_set():
            for note in conn.notifies(timeout=0.2):
                payload = json.loads(note.payload)
                seen.append((time.time(), str(payload["projection"]), int(payload["position"])))


def lags(url: str, after: int, seen: list[tuple[float, str, int]]) -> dict[str, Sample]:
    """For each view, the lag of every event after ``after``."""
    with psycopg.connect(url) as conn:
        events = conn.execute(
            "SELECT notification_id, extract(epoch FROM recorded_at) FROM voortgang_events"
            " WHERE notification_id > %s ORDER BY notification_id",
            (after,),
        ).fetchall()
    by_view: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for at, view, position in seen:
        by_view[view].append((at, position))
    out: dict[str, Sample] = {}
    for view, notes in by_view.items():
        notes.sort()
        sample, k = Sample(), 0
        for position, recorded in events:
            while k < len(notes) and notes[k][1] < position:
                k += 1
            if k == len(notes):
                break
            sample.latencies.append(max(0.0, notes[k][0] - float(recorded)))
        out[view] = sample
    return out


def run(bench: Bench) -> None:
    with psycopg.connect(bench.url) as conn:
        row = conn.execute("SELECT coalesce(max(notification_id), 0) FROM voortgang_events").fetchone()
        after = int(row[0]) if row else 0
    stop, ready, seen = threading.Event(), threading.Event(), []  # type: ignore[var-annotated]
    thread = threading.Thread(target=listen, args=(bench.url, stop, seen, ready), daemon=True)
    thread.start()
    ready.wait(10)
    load = asyncio.run(closed_loop(CLIENTS, bench.duration_s, stand_request(bench), base_url=bench.base))
    time.sleep(1.0)
    stop.set()
    thread.join(5)
    per_view = lags(bench.url, after, seen)
    worst = Sample(latencies=[x for s in per_view.values() for x in s.latencies], wall_s=1)
    bench.facts["lag per view p99 ms"] = {v: round(s.pct(99), 1) for v, s in sorted(per_view.items())}
    p99 = worst.pct(99)
    figure = {**worst.summary(), "per_s": None, "views": len(per_view), "load_per_s": round(load.rate, 1)}
    bench.add(
        Row("lag", f"commit -> visible, every view, {CLIENTS} writers", figure, goal="p99 < 100 ms", met=p99 < 100)
    )

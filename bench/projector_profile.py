"""Projection throughput: ``reset()`` + ``catch_up()`` of N events into every
view, overall and per projection, with a cProfile of the same run.

    .venv/bin/python -m bench.projector_profile --events 20000 [--batch-size 2000]
        [--profile] [--digest FILE] [--regenerate] [--data-dir DIR]

The data set is the demo seed (``service.demo.seed.seed_demo`` through the command
services) plus the deterministic benchmark generator (``bench.generate``:
plans whose ontwikkelpunten get a stand van zaken every month, deelstappen
finished, mijlpalen moved), saved through domain aggregates with
``app.save`` in big batches until N events are stored. The database lives in
an embedded PostgreSQL under ``--data-dir`` and is reused by later runs with
the same N (``--regenerate`` to rebuild it), so before/after runs replay the
very same events.

Per projection: wall time of its ``_apply`` (handlers and flush, in its
savepoint) summed over the batches; "(read)" also holds the one tracking
update and commit per batch; "read+decode" is the SELECT of the batch and the
eventsourcing mapper. ``--digest FILE`` writes a hash of every view table's
rows (ordered), to prove a change leaves the views byte-identical.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bench import generate
from projections.base import Projection
from projections.registry import all_projections
from projections.runner import Decoded, Projector
from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database, ensure_database, start_embedded, with_dbname

DEFAULT_DIR = Path(tempfile.gettempdir()) / "vg-projector-bench"


class TimedProjector(Projector):
    """The real projector, timing read+decode and each view's ``_apply``."""

    timings: dict[str, float]

    def _decode(self, rows: list[tuple[Any, ...]]) -> list[Decoded]:
        started = time.perf_counter()
        try:
            return super()._decode(rows)
        finally:
            self.timings["(decode)"] += time.perf_counter() - started

    def _apply(
        self,
        conn: psycopg.Connection[Any],
        cur: psycopg.Cursor[Any],
        p: Projection,
        old: int,
        todo: list[Decoded],
        careful: bool,
    ) -> bool:
        started = time.perf_counter()
        try:
            return super()._apply(conn, cur, p, old, todo, careful)
        finally:
            self.timings[p.name] += time.perf_counter() - started


def database(data_dir: Path, events: int, regenerate: bool, suffix: str = "") -> tuple[Runtime, int]:
    """A database holding (at least) ``events`` events: the demo plus generated plans."""
    maintenance = start_embedded(data_dir)
    name = f"projbench_{events}{suffix}"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if regenerate:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    ensure_database(maintenance, name)
    url = with_dbname(maintenance, name)
    settings = Settings(database_url=url, data_dir=data_dir, log_level="WARNING")
    runtime = Runtime.build(settings, Database(url, url, embedded=False))
    stored = runtime.app.recorder.max_notification_id() or 0
    if stored == 0:
        started = time.perf_counter()
        from service.demo.seed import seed_demo

        seed_demo(runtime)
        fill(runtime, events)
        stored = runtime.app.recorder.max_notification_id() or 0
        print(f"generated {stored} events in {time.perf_counter() - started:.1f}s")
    return runtime, stored


def fill(runtime: Runtime, events: int, batch_events: int = 5000) -> None:
    """Save generated aggregates in big batches until ``events`` are stored."""
    size = generate.Size("projbench", gemeenten=342, regio_size=40, points=8, big_points=20,
                         months=20, big_weeks=40, milestones=300)  # fmt: skip
    pending: list[Any] = []
    count = runtime.app.recorder.max_notification_id() or 0
    for chunk in generate.all_chunks(size):
        pending.extend(chunk)
        count += sum(len(a.pending_events) for a in chunk)
        if len(pending) >= 50 or count >= events:
            runtime.app.save(*pending)
            pending = []
        if count >= events:
            break
    if pending:
        runtime.app.save(*pending)


def replay(projector: TimedProjector, batch_size: int, profile: cProfile.Profile | None) -> dict[str, Any]:
    projector.timings = defaultdict(float)
    projector.reset()
    started = time.perf_counter()
    if profile:
        profile.enable()
    count = projector.catch_up(batch_size=batch_size)
    if profile:
        profile.disable()
    seconds = time.perf_counter() - started
    applies = sum(v for k, v in projector.timings.items() if not k.startswith("("))
    timings = dict(projector.timings)
    timings["(read)"] = seconds - applies - timings.get("(decode)", 0.0)
    return {"events": count, "seconds": seconds, "per_s": count / seconds, "timings": timings}


def step_latency(runtime: Runtime, projector: Projector, n: int) -> dict[str, float]:
    """Save one stand van zaken at a time and time the projector's ``step``
    that applies it to every view (the live loop's work per write)."""
    from domain.base import CommandMeta, command_context
    from domain.ontwikkelpunt import Ontwikkelpunt
    from domain.plan_values import Stand

    punt_id = generate.punt_id(generate.gemeente_code(1), 0)
    times: list[float] = []
    with psycopg.connect(runtime.database.url, autocommit=True) as conn:
        projector.owned = {p.name for p in projector.projections}
        for i in range(n):
            punt: Ontwikkelpunt = runtime.app.repository.get(punt_id)
            with command_context(CommandMeta(actor_id="bench-latency", request_id=f"latency-{i}")):
                peildatum = generate.START + dt.timedelta(days=640 + i)
                punt.werk_stand_bij(Stand(peildatum, f"Latency {i}", "op_koers"), generate.TODAY)
            runtime.app.save(punt)
            started = time.perf_counter()
            projector.step(conn)
            times.append(time.perf_counter() - started)
        projector.owned = set()
    times.sort()
    return {q: round(times[min(len(times) - 1, round(p * (len(times) - 1)))] * 1000, 2) for q, p in QUANTILES}


QUANTILES = (("p50_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99), ("max_ms", 1.0))


def digest(url: str, projections: list[Projection]) -> dict[str, str]:
    """sha256 of every view table's rows, ordered by all columns."""
    out: dict[str, str] = {}
    with psycopg.connect(url) as conn:
        for p in projections:
            for table in p.tables:
                q = sql.SQL("SELECT t::text FROM {} t ORDER BY t::text").format(sql.Identifier(table))
                h = hashlib.sha256()
                rows = 0
                for (text,) in conn.execute(q):
                    h.update(text.encode())
                    h.update(b"\n")
                    rows += 1
                out[table] = f"{rows} rows {h.hexdigest()[:16]}"
    return out


def show(result: dict[str, Any]) -> None:
    n, seconds = result["events"], result["seconds"]
    print(f"rebuild: {n} events in {seconds:.2f}s = {result['per_s']:,.0f} events/s overall")
    for name, spent in sorted(result["timings"].items(), key=lambda kv: -kv[1]):
        rate = n / spent if spent else float("inf")
        print(f"  {name:<22} {spent:7.2f}s {spent / seconds:6.1%}  {rate:>12,.0f} events/s alone")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.projector_profile")
    p.add_argument("--events", type=int, default=20_000, help="events to generate (demo seed included)")
    p.add_argument("--batch-size", type=int, default=2000, help="catch_up batch size (voortgang rebuild default)")
    p.add_argument("--profile", action="store_true", help="also run once under cProfile and print the top")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--digest", type=Path, help="write a hash of every view table to this JSON file")
    p.add_argument("--regenerate", action="store_true")
    p.add_argument("--step-latency", type=int, default=0, metavar="N", help="then time N single-event steps")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    args = p.parse_args(argv)
    # the latency run adds events: it gets a fresh database of its own
    latency = bool(args.step_latency)
    runtime, _ = database(args.data_dir, args.events, args.regenerate or latency, "_latency" if latency else "")
    projector = TimedProjector(url=runtime.database.url, mapper=runtime.app.mapper, projections=all_projections())
    result = replay(projector, args.batch_size, None)
    show(result)
    if args.digest:
        args.digest.write_text(json.dumps(digest(runtime.database.url, list(projector.projections)), indent=1))
        print(f"digest of the views written to {args.digest}")
    if args.profile:
        profile = cProfile.Profile()
        profiled = replay(projector, args.batch_size, profile)
        print(f"\nprofiled run: {profiled['per_s']:,.0f} events/s (cProfile overhead included)")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    if args.step_latency:
        print(f"one stand van zaken, step into every view: {step_latency(runtime, projector, args.step_latency)}")
    runtime.app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

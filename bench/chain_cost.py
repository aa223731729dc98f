"""Focused timing of the event insert path (issue 12): N saves of 1 and of 10
small events through ``recorder.insert_events`` on a fresh embedded database,
keyed (signed checkpoint per save) or unkeyed (the library path).

Usage: .venv/bin/python -m bench.chain_cost N [keyed|unkeyed]"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from eventsourcing.persistence import StoredEvent

from service.config import Settings
from service.store import migrate
from service.store.database import start_embedded, with_dbname
from service.store.eventstore import create_application

STATE = b'{"tekst": "' + b"x" * 300 + b'", "peildatum": "2026-06-01"}'


def main(n: int, keyed: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="vg-bench-"))
    url = start_embedded(folder)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE chaincost")
    db = with_dbname(url, "chaincost")
    migrate.migrate(db)
    app = create_application(db, Settings(database_url=db, data_dir=folder, auth_hs256_secret="x" * 40))  # type: ignore[arg-type]
    recorder = app.recorder
    if not keyed:
        recorder.audit_key = None  # type: ignore[attr-defined]
    print("keyed" if keyed else "unkeyed")
    for batch in (1, 10):
        times = []
        for _ in range(n):
            events = [StoredEvent(uuid.uuid4(), 1, "bench:Evt", STATE) for _ in range(batch)]
            started = time.perf_counter()
            recorder.insert_events(events)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        median, p95 = statistics.median(times), times[int(0.95 * n)]
        print(f"batch={batch} saves={n} median={median:.3f} ms p95={p95:.3f} ms")
    app.close()


if __name__ == "__main__":
    main(int(sys.argv[1]), len(sys.argv) < 3 or sys.argv[2] != "unkeyed")

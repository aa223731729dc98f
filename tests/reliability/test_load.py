"""A bounded load run (optional slow mode): stand-van-zaken updates at a steady
rate over loopback for a few minutes, limited in count and time. Memory (RSS
of the service process) and latency stay stable, nothing fails, every
acknowledged update is stored once. Length: VOORTGANG_LOAD_SECONDS (180)."""

from __future__ import annotations

import collections
import os
import statistics
import threading
import time
from pathlib import Path

import psutil
import pytest

from service.access.auth import issue_development_token
from service.runtime import Runtime
from tests.integration.processes import serving
from tests.reliability.load import Writer, add_points, start_writers, stored_texts
from tests.reliability.scenario import build_world

SECONDS = int(os.environ.get("VOORTGANG_LOAD_SECONDS", "180"))
CLIENTS, PAUSE_S = 4, 0.1
"""About 4 × 8 = 30 mutations per second; the count limit is rate × time × 2."""
FAST = {"VOORTGANG_RATE_LIMIT_PER_S": "100000", "VOORTGANG_RATE_LIMIT_BURST": "100000"}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


@pytest.mark.slow
def test_a_steady_write_load_for_minutes_keeps_memory_and_latency_stable(sync_runtime: Runtime, tmp_path: Path) -> None:
    build_world(sync_runtime.commands)
    punten = add_points(sync_runtime.commands, CLIENTS)
    url = sync_runtime.database.url
    token = issue_development_token(sync_runtime.settings, roles=["gemeente"], name="GM", gemeente="GM0307")
    limit = int(SECONDS / PAUSE_S * 2)
    rss: list[int] = []
    with serving(url, tmp_path, tmp_path / "serve.log", **FAST) as (base, proc):
        service = psutil.Process(proc.pid)
        writers = [Writer(base, token, p, f"l{n}", limit=limit) for n, p in enumerate(punten)]
        halt = threading.Event()
        threads = start_writers(writers, halt, pause_s=PAUSE_S)
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline and any(t.is_alive() for t in threads):
            rss.append(service.memory_info().rss)
            time.sleep(5)
        halt.set()
        for t in threads:
            t.join(30)
    failed = [f for w in writers for f in w.failed]
    assert not failed, failed[:5]
    latencies = [lat for w in writers for lat in w.latencies]
    third = len(latencies) // 3
    first, last = sorted(latencies[:third]), sorted(latencies[-third:])
    done = sum(len(w.acknowledged) for w in writers)
    summary = (
        f"{done} in {SECONDS}s, p95 {p95(first):.3f}s -> {p95(last):.3f}s, rss {rss[1] >> 20}->{rss[-1] >> 20} MiB"
    )
    assert done >= SECONDS * CLIENTS * 2, f"a steady rate was held: {summary}"
    assert p95(last) < max(3 * p95(first), 0.1), f"latency did not grow: {summary}"
    warm = rss[len(rss) // 4]
    assert rss[-1] < warm * 1.25 + 20 * 2**20, f"memory did not keep growing: {summary}"
    stored = collections.Counter(stored_texts(url))
    assert all(stored[t] == 1 for w in writers for t in w.acknowledged)

"""The shared rate limit's cost per request (service/edge/ratelimit.py, issue 19):
the latency ``SharedTokenBucket.take`` adds, with one round trip per request
(``--lease 1``, what migration 0580 did) and with leases of N tokens per round
trip, on a throwaway embedded PostgreSQL (or ``DATABASE_URL``). Two limiters
stand for two API processes and take turns, as a round-robin load balancer
would; each has its own pool of 4 connections, like ``Runtime.write_pool``.

* ``busy``: one principal, never refused (rate and burst high).
* ``pages``: many principals, each making a page's worth of requests (5) in a
  row, at the default rate (20/s) and burst (100).

    .venv/bin/python -m bench.ratelimit --takes 2000 --lease 1 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any

from psycopg_pool import AsyncConnectionPool

from bench.harness import Sample, embedded_server, fresh_database, machine
from service.edge.ratelimit import SharedTokenBucket

PAGE = 5


async def measure(url: str, lease: int, takes: int, scenario: str) -> dict[str, Any]:
    rate, burst = (1e9, 1_000_000_000) if scenario == "busy" else (20.0, 100)
    pools = [AsyncConnectionPool(url, min_size=1, max_size=4, open=False) for _ in range(2)]
    for pool in pools:
        await pool.open(wait=True)
    try:
        limiters = [SharedTokenBucket(rate=rate, burst=burst, lease=lease, pool=lambda p=p: p) for p in pools]  # type: ignore[misc]
        sample = Sample()
        started = time.perf_counter()
        for n in range(takes):
            key = "busy" if scenario == "busy" else f"{scenario}-{lease}-{n // PAGE}"
            before = time.perf_counter()
            wait = await limiters[n % 2].take(key)
            sample.latencies.append(time.perf_counter() - before)
            sample.errors += wait is not None
        sample.wall_s = time.perf_counter() - started
    finally:
        for pool in pools:
            await pool.close()
    trips = sum(limiter.round_trips for limiter in limiters)
    mean_ms = sum(sample.latencies) / len(sample.latencies) * 1000
    return {
        **sample.summary(),
        "mean_ms": round(mean_ms, 3),
        "round_trips_per_take": round(trips / takes, 3),
        "refused": sample.errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--takes", type=int, default=2000)
    parser.add_argument("--lease", type=int, nargs="+", default=[1, 20])
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": machine(), "load average": os.getloadavg()}
    with embedded_server() as maintenance:
        url = fresh_database(maintenance, "voortgang_ratelimit")
        for scenario in ("busy", "pages"):
            for lease in args.lease:
                results[f"{scenario}, lease {lease}"] = asyncio.run(measure(url, lease, args.takes, scenario))
    results["load average after"] = os.getloadavg()
    sys.stdout.write(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

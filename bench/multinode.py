"""Scaling on the multi-node topology (tests/multinode/topology.py, issue 19):
full-plan read throughput with 1 and 2 API processes, reads on the primary
and on the streaming replica, and write throughput with projection lag with
the projector in its own process. Short runs on the small data set (one
machine, shared CPU): the figures compare topologies, they do not size one.
``--size medium|large`` runs the same cells on the bigger data sets (the
generation and the projector's catch-up come first and take minutes; the
seconds they took are in the result).

    .venv/bin/python -m bench.multinode --seconds 5 --clients 8 [--size medium]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
import time
from typing import Any

import httpx
import psycopg

from bench import generate
from bench.harness import Sample, closed_loop
from bench.lag import listen
from bench.reads import FULL_PLAN
from bench.writes import STAND
from service.access.auth import issue_development_token
from service.config import Settings
from service.graphql.relay import to_global_id
from service.store.eventstore import create_application
from tests.conftest import TEST_AUDIT_KEY, TEST_SECRET
from tests.integration.processes import stop
from tests.multinode.topology import Topology

FAST = {
    "VOORTGANG_RATE_LIMIT_PER_S": "1000000",
    "VOORTGANG_RATE_LIMIT_BURST": "1000000",
    "VOORTGANG_RESPONSE_CACHE_ENTRIES": "0",  # measure the reads, not the cache
    "VOORTGANG_DB_POOL_SIZE": "8",
}


def reads(bases: list[str], token: str, clients: int, seconds: float) -> Sample:
    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        base = bases[(n + i) % len(bases)]  # a round-robin load balancer
        response = await client.post(
            f"{base}/graphql",
            json={"query": FULL_PLAN, "variables": {"g": generate.BIG_GEMEENTE}},
            headers={"authorization": f"Bearer {token}"},
        )
        body = response.json() if response.status_code == 200 else None
        return bool(body and not body.get("errors") and body["data"]["ontwikkelplan"])

    return asyncio.run(closed_loop(clients, seconds, request))


def writes(
    topology: Topology, bases: list[str], token: str, ids: list[str], clients: int, seconds: float
) -> dict[str, Any]:
    seen: list[tuple[float, str, int]] = []
    halt, ready = threading.Event(), threading.Event()
    listener = threading.Thread(target=listen, args=(topology.primary.url, halt, seen, ready), daemon=True)
    listener.start()
    ready.wait(10)

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        stand = {"peildatum": "2026-06-01", "tekst": f"Multinode {n}/{i}", "signaal": "OP_KOERS"}
        response = await client.post(
            f"{bases[(n + i) % len(bases)]}/graphql",
            json={"query": STAND, "variables": {"input": {"ontwikkelpunt": ids[n % len(ids)], "standVanZaken": stand}}},
            headers={"authorization": f"Bearer {token}"},
        )
        body = response.json() if response.status_code == 200 else {}
        return bool(body.get("data", {}).get("werkStandVanZakenBij", {}).get("__typename") == "OntwikkelpuntPayload")

    with psycopg.connect(topology.primary.url) as conn:
        before = int(conn.execute("SELECT coalesce(max(notification_id), 0) FROM voortgang_events").fetchone()[0])  # type: ignore[index]
    sample = asyncio.run(closed_loop(clients, seconds, request, warmup_s=0))
    time.sleep(1.0)
    halt.set()
    listener.join(5)
    with psycopg.connect(topology.primary.url) as conn:
        rows = conn.execute(
            "SELECT notification_id, extract(epoch FROM recorded_at) FROM voortgang_events WHERE notification_id > %s",
            (before,),
        ).fetchall()
    recorded = {int(r[0]): float(r[1]) for r in rows}
    reached: dict[int, float] = {}  # position → when the last view reached it
    by_view: dict[str, list[tuple[int, float]]] = {}
    for at, view, position in seen:
        by_view.setdefault(view, []).append((position, at))
    for position in recorded:
        times = [min((at for p, at in notes if p >= position), default=float("inf")) for notes in by_view.values()]
        reached[position] = max(times) if times else float("inf")
    lags = sorted((reached[p] - recorded[p]) * 1000 for p in recorded if reached[p] != float("inf"))
    return {
        **sample.summary(),
        "events": len(recorded),
        "lag_p50_ms": round(lags[len(lags) // 2], 1) if lags else None,
        "lag_p95_ms": round(lags[int(len(lags) * 0.95)], 1) if lags else None,
    }


def points_of(size: generate.Size) -> list[str]:
    """The points the write clients update (one per client), as bench/writes.py."""
    return [
        str(to_global_id("Ontwikkelpunt", generate.punt_id(generate.BIG_GEMEENTE, n)))
        for n in range(min(32, size.big_points - 1))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
    args = parser.parse_args(argv)
    size = generate.SIZES[args.size]
    topology = Topology.create()
    topology.env = dict(FAST)
    results: dict[str, Any] = {}
    try:
        settings = Settings(
            database_url=topology.primary.url,
            data_dir=topology.root,
            auth_hs256_secret=TEST_SECRET,  # type: ignore[arg-type]
            audit_key=TEST_AUDIT_KEY,  # type: ignore[arg-type]
        )
        app = create_application(topology.primary.url, settings)
        started = time.monotonic()
        results["data"] = generate.generate(app, size)
        app.close()
        results["generate seconds"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        topology.start_projector()
        topology.active_projector()
        _caught_up(topology, timeout_s=1800.0)
        results["catch-up seconds (projector and replica)"] = round(time.monotonic() - started, 1)
        results["load average"] = os.getloadavg()
        token = issue_development_token(settings, roles=["gemeente"], name="bench", gemeente=generate.BIG_GEMEENTE)
        primary = {"DATABASE_READ_URL": topology.primary.url}
        for label, count, extra in [
            ("1 API, reads on the primary", 1, primary),
            ("2 API, reads on the primary", 2, primary),
            ("1 API, reads on the replica", 1, {}),
            ("2 API, reads on the replica", 2, {}),
        ]:
            bases = topology.start_api(count, **extra)
            results[label] = reads(bases, token, args.clients, args.seconds).summary()
            for _ in bases:
                _, proc = topology.api.pop()
                stop(proc, signal.SIGTERM)
        bases = topology.start_api(2)
        results["writes, 2 API, projector on its own"] = writes(
            topology, bases, token, points_of(size), args.clients, args.seconds
        )
        results["load average after"] = os.getloadavg()
    finally:
        topology.close()
    sys.stdout.write(json.dumps(results, indent=2) + "\n")
    return 0


def _caught_up(topology: Topology, timeout_s: float = 300.0) -> None:
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(topology.primary.url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT (SELECT min(position) FROM projection_tracking) >="
                " (SELECT coalesce(max(notification_id), 0) FROM voortgang_events)"
            ).fetchone()
            if row and row[0]:
                topology.wait_replica_caught_up()
                return
            time.sleep(0.2)
    raise TimeoutError("the projector did not catch up")


if __name__ == "__main__":
    raise SystemExit(main())

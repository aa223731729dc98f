"""Profile a read or a write in-process with cProfile:
``python -m bench.profile [--size small] [--what plan|mutation] [-n 40] [--as-of]``.

Builds the data set like ``python -m bench``, runs the real ASGI app in this
process (httpx ASGI transport, no sockets) and prints where the time goes by
package (strawberry, graphql-core, psycopg, our code, ...), the number of
fields resolved per answer and the top functions."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from psycopg import sql

from bench import generate, history
from bench.harness import embedded_server, fresh_database
from bench.history import AS_OF_PLAN
from bench.reads import FULL_PLAN
from bench.writes import STAND
from projections.registry import all_projections
from projections.runner import Projector
from service.access.auth import issue_development_token
from service.config import Settings
from service.graphql.relay import to_global_id
from service.store.eventstore import create_application

PACKAGES = (
    "strawberry",
    "graphql",
    "psycopg_pool",
    "psycopg",
    "starlette",
    "httpx",
    "asyncio",
    "json",
    "eventsourcing",
    "pydantic",
)


def package_of(filename: str) -> str:
    for name in PACKAGES:
        if f"/{name}/" in filename or filename.endswith(f"/{name}.py"):
            return name
    for ours in ("service", "projections", "domain", "bench"):
        if f"/{ours}/" in filename and "site-packages" not in filename:
            return f"voortgang {ours}"
    return "builtins/other" if filename.startswith("~") or "site-packages" not in filename else "other libraries"


def by_package(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[package_of(filename)] += tottime
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def count_fields(value: Any) -> int:
    if isinstance(value, dict):
        return sum(1 + count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


WHERE = sql.SQL("(%(plan)s::uuid IS NULL OR o.plan_id = %(plan)s) AND (%(punt)s::uuid IS NULL OR o.punt_id = %(punt)s)")


async def sql_only(settings: Settings, n: int) -> float:
    """The full plan's four statements (as ``load_plan`` runs them), no GraphQL, no JSON."""
    from psycopg import AsyncConnection

    from domain.principal import Principal
    from projections.plans import queries as q
    from projections.plans import regiobeeld as rb
    from service.visibility import reading_as

    user = Principal(actor_id="p", name="p", roles=frozenset({"gemeente"}), gemeente=generate.BIG_GEMEENTE)
    async with await AsyncConnection.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        started = time.perf_counter()
        for _ in range(n):
            async with reading_as(conn, user):
                (h,) = await q.plans(conn, None, generate.BIG_GEMEENTE, generate.PERIODE)
                await q.points(conn, None, settings.stale_after_weeks, plan_id=h.plan_id)
                regionale = await rb.regional_points(conn, None, h.regio)
                await rb.local_progress(conn, None, [r.punt_id for r in regionale], h.gemeente)
        elapsed = (time.perf_counter() - started) / n
        params = {"plan": h.plan_id, "punt": None, "stale_weeks": settings.stale_after_weeks}
        top = await (await conn.execute("SELECT max(notification_id) FROM voortgang_events")).fetchone()
        for as_of in (None, int(top[0]) // 2 if top else None):
            statement = b"EXPLAIN (ANALYZE, BUFFERS) " + q._points_query(as_of, WHERE).as_bytes(conn)
            async with reading_as(conn, user):
                explain = await conn.execute(statement, params)
                lines = await explain.fetchall()
            print(f"EXPLAIN ANALYZE of the points statement, as of {as_of or 'now'}:")
            for (line,) in lines:
                print("   ", line)
        return elapsed


async def explain_compiled(settings: Settings, query: str, variables: dict[str, Any]) -> None:
    """EXPLAIN ANALYZE of the compiled statement of ``query`` (as the big gemeente reads it),
    and the time of the instant-to-position lookup when it reads as of an instant."""
    import datetime as dt

    from graphql import parse
    from psycopg import AsyncConnection

    from domain.principal import Principal
    from projections.temporal import POSITION_AT
    from service.graphql.schema import build_schema
    from service.readpath.compiler import NO_FILTERS, compile_operation
    from service.visibility import reading_as

    schema = build_schema()._schema
    compiled = compile_operation(schema, parse(query), None)
    assert compiled is not None, "not covered by the compiler"
    user = Principal(actor_id="p", name="p", roles=frozenset({"gemeente"}), gemeente=generate.BIG_GEMEENTE)
    async with await AsyncConnection.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        as_of = None
        if "t" in variables:
            started = time.perf_counter()
            instant = dt.datetime.fromisoformat(variables["t"])
            row = await (await conn.execute(POSITION_AT, (instant,))).fetchone()
            as_of = int(row[0]) if row else 0
            print(f"position_at({instant}) = {as_of}: {(time.perf_counter() - started) * 1000:.2f} ms")
        params = {**NO_FILTERS, "g0": generate.BIG_GEMEENTE, "per0": None, "as_of": as_of,
                  "stale_weeks": settings.stale_after_weeks, "peildatum": dt.date.today()}  # fmt: skip
        statement = compiled.statement(as_of)
        for prepare in (False, True):  # prepared: after 5 runs the server may keep a generic plan
            async with reading_as(conn, user):
                for _ in range(6):
                    await conn.execute(statement, params, prepare=prepare)
                started = time.perf_counter()
                for _ in range(20):
                    await conn.execute(statement, params, prepare=prepare)
            took = (time.perf_counter() - started) / 20 * 1000
            how = "prepared" if prepare else "not prepared"
            print(f"compiled statement as of {as_of or 'now'}, {how}: {took:.2f} ms")
        async with reading_as(conn, user):
            lines = await (await conn.execute(b"EXPLAIN (ANALYZE, BUFFERS) " + statement, params)).fetchall()
        print(f"EXPLAIN ANALYZE of the compiled statement, as of {as_of or 'now'}:")
        for (line,) in lines:
            print("   ", line)


async def drive(settings: Settings, what: str, n: int, as_of: str | None = None) -> tuple[cProfile.Profile, float, int]:
    from service.app import create_app

    app = create_app(settings)
    gm = issue_development_token(settings, roles=["gemeente"], name="bench", gemeente=generate.BIG_GEMEENTE)
    punt = str(to_global_id("Ontwikkelpunt", generate.punt_id(generate.BIG_GEMEENTE, 0)))
    stand = {"peildatum": "2026-06-01", "tekst": "Profiel", "signaal": "OP_KOERS"}
    plan: dict[str, Any] = {"query": FULL_PLAN, "variables": {"g": generate.BIG_GEMEENTE}}
    if as_of is not None:
        plan = {"query": AS_OF_PLAN, "variables": {"g": generate.BIG_GEMEENTE, "t": as_of}}
    body: dict[str, Any] = (
        plan
        if what == "plan"
        else {"query": STAND, "variables": {"input": {"ontwikkelpunt": punt, "standVanZaken": stand}}}
    )
    headers = {"authorization": f"Bearer {gm}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(5):
                answer = (await client.post("/v1/graphql", json=body, headers=headers)).json()
            assert "errors" not in answer, answer
            started = time.perf_counter()
            for _ in range(n):
                await client.post("/v1/graphql", json=body, headers=headers)
            print(f"unprofiled wall per request, in process: {(time.perf_counter() - started) / n * 1000:.1f} ms")
            if what == "plan":
                print(f"the same SQL alone (4 statements, rows built): {await sql_only(settings, n) * 1000:.1f} ms")
                await explain_compiled(settings, body["query"], body["variables"])
            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            for _ in range(n):
                await client.post("/v1/graphql", json=body, headers=headers)
            profile.disable()
            per_request = (time.perf_counter() - started) / n
    return profile, per_request, count_fields(answer["data"])


def profile_rebuild(projector: Projector) -> tuple[cProfile.Profile, float, int]:
    """Reset + catch_up, profiled (all in this thread); 'fields' = events replayed."""
    projector.reset()
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    count = projector.catch_up()
    profile.disable()
    return profile, time.perf_counter() - started, count


def report(profile: cProfile.Profile, per_request: float, fields: int, n: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    total = sum(by_package(stats).values())
    print(f"wall per request (profiled): {per_request * 1000:.1f} ms; fields in the answer: {fields}", file=out)
    print(
        f"profiled CPU per request: {total / n * 1000:.1f} ms; per field: {total / n / max(fields, 1) * 1e6:.1f} µs",
        file=out,
    )
    for name, seconds in by_package(stats).items():
        print(f"  {name:<22} {seconds / n * 1000:7.2f} ms/request  {seconds / total:6.1%}", file=out)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile")
    p.add_argument("--size", choices=list(generate.SIZES), default="small")
    p.add_argument("--what", choices=["plan", "mutation", "rebuild"], default="plan")
    p.add_argument("-n", type=int, default=40)
    p.add_argument("--as-of", action="store_true", help="the plan as of the middle of its history (bench.history)")
    p.add_argument("--cache", choices=["off", "on"], default="off", help="the response cache (off: GraphQL executes)")
    args = p.parse_args(argv)
    with embedded_server() as maintenance, tempfile.TemporaryDirectory(prefix="vg-profile-") as data:
        url = fresh_database(maintenance, "voortgang_profile")
        os.environ.update(
            {"DATABASE_URL": url, "VOORTGANG_DATA_DIR": data, "VOORTGANG_LOG_LEVEL": "WARNING",
             "VOORTGANG_RATE_LIMIT_PER_S": "1000000000", "VOORTGANG_RATE_LIMIT_BURST": "1000000000",
             "VOORTGANG_RESPONSE_CACHE_ENTRIES": "0" if args.cache == "off" else "512"}
        )  # fmt: skip
        settings = Settings(data_dir=Path(data))
        store = create_application(url, settings)
        generate.generate(store, generate.SIZES[args.size])
        projector = Projector(url=url, mapper=store.mapper, projections=all_projections())
        if args.what == "rebuild":
            profile, per_request, fields = profile_rebuild(projector)
            args.n = 1
        else:
            projector.catch_up()
            middle = history.instants(url, generate.SIZES[args.size].big_points)["middle"] if args.as_of else None
            as_of = None if middle is None else middle.isoformat()
            profile, per_request, fields = asyncio.run(drive(settings, args.what, args.n, as_of))
        store.close()
    print(report(profile, per_request, fields, args.n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

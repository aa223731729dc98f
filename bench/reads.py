"""Reads: the full plan of one gemeente, the regiobeeld of 40 gemeenten and
the mijlpalenplanning of a programme, at 1 and 16 clients, beside a raw
Starlette + async psycopg endpoint (``bench/raw_app.py``) running the same SQL."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx

from bench.context import Bench, Row, post_graphql
from bench.generate import BIG_GEMEENTE, PROGRAMMA, REGIO
from bench.harness import closed_loop, raw_process
from bench.postgraphile import FULL_PLAN as POSTGRAPHILE_PLAN
from bench.postgraphile import postgraphile_process

STAND = "volgnummer peildatum tekst signaal auteur baseline vastgelegdOp"
POINT = (
    "id gemeente basisfunctie thema doel zelfscanLink beoogdResultaat indicatoren andersLerenDoen verbeteractie"
    " deelstappen { id volgorde tekst gepland afgerondOp } kosten { bedrag omschrijving dekking begrotingsjaar }"
    f" uitvoerder planning {{ start gereed precisie }} laatsteStandVanZaken {{ {STAND} }} status hygiene version"
)
FULL_PLAN = (
    "query($g: String!) { ontwikkelplan(gemeente: $g) { id gemeente regio periode titel status version"
    f" ontwikkelpunten {{ {POINT} }} regionaleOntwikkelpunten {{ id doel voortgang {{ gemeente uitvoerder"
    f" laatsteStandVanZaken {{ {STAND} }} }} }} }} }}"
)
REGIOBEELD = (
    "query($r: String!) { regiobeeld(regio: $r) { gemeente naam basisfunctie concept vastgesteld inUitvoering"
    " afgerond vervallen opKoers aandachtNodig achter zonderStand laatstePeildatum dagenSindsUpdate } }"
)
MIJLPALEN = (
    "query($p: String!) { mijlpalenplanning(programma: $p, first: 200) { edges { node { mijlpaalId gemeente titel"
    " soort eigenaarSoort eigenaarId programma project basisplanning basisplanningPrecisie basisplanningEind"
    " verwachting verwachtingPrecisie verwachtingEind behaald status slipDagen redenen waarschuwingen version } } } }"
)


@dataclass(frozen=True)
class ReadCase:
    name: str
    token: str
    query: str
    variables: dict[str, Any]
    raw_path: str
    goal_p95_ms: float | None = None


CASES = (
    ReadCase("full plan", "gemeente", FULL_PLAN, {"g": BIG_GEMEENTE}, f"/plan/{BIG_GEMEENTE}", 20.0),
    ReadCase("regiobeeld", "programmabureau", REGIOBEELD, {"r": REGIO}, f"/regiobeeld/{REGIO}"),
    ReadCase(
        "mijlpalenplanning (first 200)", "programmabureau", MIJLPALEN, {"p": PROGRAMMA}, f"/mijlpalen/{PROGRAMMA}"
    ),
)


def graphql_request(bench: Bench, case: ReadCase) -> Any:
    token = bench.tokens[case.token]

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        return await post_graphql(client, token, case.query, case.variables) is not None

    return request


def raw_request(case: ReadCase) -> Any:
    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        return (await client.get(case.raw_path)).status_code == 200

    return request


async def shape(bench: Bench, case: ReadCase, raw_base: str) -> dict[str, int]:
    """How big the answer is (so the report says what was read)."""
    async with httpx.AsyncClient(base_url=bench.base, timeout=30) as client:
        body = await post_graphql(client, bench.tokens[case.token], case.query, case.variables)
        gql_bytes = len(str(body))
    async with httpx.AsyncClient(base_url=raw_base, timeout=30) as client:
        raw_bytes = len((await client.get(case.raw_path)).content)
    return {"graphql_chars": gql_bytes, "raw_bytes": raw_bytes}


REFERENCES: dict[str, dict[str, Any]] = {}  # raw endpoint figures, measured once per case
CACHE_OFF = {"VOORTGANG_RESPONSE_CACHE_ENTRIES": "0", "VOORTGANG_RUN_PROJECTOR": "false"}


def run(bench: Bench) -> None:
    """Every case against a second service process with the response cache off
    (GraphQL executes every time), then against the main one (cache on: with no
    writes in between, every request after the first is a hit). The full plan
    also against PostGraphile 4 on the same tables, in the same run."""
    with raw_process(bench.url) as raw_base:
        run_cases(bench, raw_base, bench.uncached, "cache off")
        run_postgraphile(bench)
        run_cases(bench, raw_base, bench.base, "cache on")


def postgraphile_request() -> Any:
    variables = {"g": BIG_GEMEENTE, "r": REGIO}

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        response = await client.post("/graphql", json={"query": POSTGRAPHILE_PLAN, "variables": variables})
        return response.status_code == 200 and b'"errors"' not in response.content[:20]

    return request


def run_postgraphile(bench: Bench) -> None:
    """The full plan from PostGraphile 4 (``bench/postgraphile.py``) beside ours with the cache off."""
    try:
        server = postgraphile_process(bench.url)
        base = server.__enter__()
    except (RuntimeError, OSError) as exc:
        bench.facts["postgraphile"] = f"not measured: {exc}"[:300]
        return
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            body = client.post(
                "/graphql", json={"query": POSTGRAPHILE_PLAN, "variables": {"g": BIG_GEMEENTE, "r": REGIO}}
            )
            plans = body.json()["data"]["allOntwikkelplanViews"]["nodes"]
            bench.facts["postgraphile full plan"] = {
                "bytes": len(body.content),
                "points": len(plans[0]["ontwikkelpuntViewsByPlanId"]["nodes"]) if plans else 0,
            }
        for clients in (1, 16):
            theirs = asyncio.run(closed_loop(clients, bench.duration_s, postgraphile_request(), base_url=base))
            ours = next(r.figure for r in bench.rows if r.case == f"full plan, {clients} clients, cache off")
            bench.add(
                Row(
                    "reads",
                    f"PostGraphile 4: full plan, {clients} clients (reference for ours, cache off)",
                    ours,
                    "PostGraphile 4, same view tables",
                    theirs.summary(),
                )
            )
    finally:
        server.__exit__(None, None, None)


def run_cases(bench: Bench, raw_base: str, base: str, mode: str) -> None:
    for case in CASES:
        if mode == "cache off":
            bench.facts[f"read {case.name}"] = asyncio.run(shape(bench, case, raw_base))
        for clients in (1, 16):
            ours = asyncio.run(closed_loop(clients, bench.duration_s, graphql_request(bench, case), base_url=base))
            key = f"raw {case.name} {clients}"
            if key not in REFERENCES:
                raw = asyncio.run(closed_loop(clients, bench.duration_s, raw_request(case), base_url=raw_base))
                REFERENCES[key] = raw.summary()
            goal, met = "", None
            if case.goal_p95_ms and clients == 16:
                goal = f"p95 < {case.goal_p95_ms:g} ms at 16 clients"
                met = ours.pct(95) < case.goal_p95_ms and ours.errors == 0
            name = f"{case.name}, {clients} clients, {mode}"
            bench.add(Row("reads", name, ours.summary(), "raw Starlette+psycopg, same SQL", REFERENCES[key], goal, met))

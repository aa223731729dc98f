"""The response cache under a mixed load: 16 closed-loop clients read the full
plan of a random gemeente of the 40 in the data set (programmabureau), and every
tenth request of each client is a stand van zaken in one of 4 gemeenten. The hit
rate is counted from the answers' ``X-Cache`` header (only successful reads)."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx

from bench.context import GRAPHQL, Bench, Row
from bench.generate import gemeente_code, punt_id
from bench.harness import closed_loop
from bench.reads import FULL_PLAN
from bench.writes import STAND, succeeded
from service.graphql.relay import to_global_id

CLIENTS = 16
WRITE_EVERY = 10  # every tenth request of a client is a write
WRITTEN = 4  # gemeenten written in
GOAL = 0.8


def mixed_request(bench: Bench, counts: dict[str, int]) -> Any:
    token = bench.tokens["programmabureau"]
    headers = {"authorization": f"Bearer {token}"}
    gemeenten = [gemeente_code(g) for g in range(min(40, bench.size.gemeenten))]
    # one point per client (4 in each written gemeente): no two clients write the same point
    points = [punt_id(gemeenten[c % WRITTEN], c // WRITTEN) for c in range(CLIENTS)]
    written = [str(to_global_id("Ontwikkelpunt", p)) for p in points]
    rng = random.Random(14)  # noqa: S311 - a reproducible spread of reads

    async def request(client: httpx.AsyncClient, n: int, i: int) -> bool:
        if i >= 0 and i % WRITE_EVERY == n % WRITE_EVERY:
            stand = {"peildatum": "2026-06-01", "tekst": f"Mix {n}/{i}", "signaal": "OP_KOERS"}
            variables = {"input": {"ontwikkelpunt": written[n % CLIENTS], "standVanZaken": stand}}
            body = {"query": STAND, "variables": variables}
            answer = await client.post(GRAPHQL, json=body, headers=headers)
            counts["writes"] += 1
            return answer.status_code == 200 and succeeded(answer.json(), "werkStandVanZakenBij")
        body = {"query": FULL_PLAN, "variables": {"g": rng.choice(gemeenten)}}
        answer = await client.post(GRAPHQL, json=body, headers=headers)
        ok = answer.status_code == 200 and b'"errors"' not in answer.content[:200]
        if ok and i >= 0:
            counts["reads"] += 1
            counts["hits"] += answer.headers.get("x-cache") == "hit"
        return ok

    return request


def run(bench: Bench) -> None:
    counts = {"reads": 0, "hits": 0, "writes": 0}
    sample = asyncio.run(
        closed_loop(CLIENTS, bench.duration_s, mixed_request(bench, counts), base_url=bench.base, warmup_s=0)
    )
    rate = counts["hits"] / counts["reads"] if counts["reads"] else 0.0
    figure = {**sample.summary(), "hit_rate": round(rate, 3), **counts}
    bench.add(
        Row(
            "cache",
            f"mixed: full plans of {min(40, bench.size.gemeenten)} gemeenten, 1 in {WRITE_EVERY} requests a write"
            f" in {WRITTEN} of them, {CLIENTS} clients",
            figure,
            goal=f"hit rate >= {GOAL:.0%}",
            met=rate >= GOAL,
            note="every request after the first read of a gemeente hits unless that gemeente was written since",
        )
    )

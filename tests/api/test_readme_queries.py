"""The README's first five minutes stay true: every GraphQL block in it runs
against the demo data without errors and returns data."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx

from service.demo.seed import seed_demo
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_queries() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


async def test_every_query_in_the_readme_answers_from_the_demo_data(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await asyncio.to_thread(seed_demo, runtime)
    await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0, timeout_s=60)
    queries = readme_queries()
    assert len(queries) >= 2
    for query in queries:
        data = await gql(client, token("programmabureau"), query)
        assert all(value for value in data.values()), query
    plan = await gql(client, token("programmabureau"), queries[1])
    assert len(plan["ontwikkelplan"]["ontwikkelpunten"]) > 0
    dated = await gql(client, token("programmabureau"), next(q for q in queries if "peildatum:" in q))
    punten = dated["ontwikkelplan"]["ontwikkelpunten"]
    assert punten and dated["ontwikkelplan"]["periode"] == "2025-2027"
    stands = [p["laatsteStandVanZaken"]["peildatum"] for p in punten if p["laatsteStandVanZaken"]]
    assert stands and max(stands) <= "2025-06-01"

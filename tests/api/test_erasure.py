"""Erasure is real (issue 12, part 4): after ``wisPersoon`` no answer shows the
name any more, also not from the response cache, in any process. A directory
change does not move the views' position, so the cache key holds a
generation that every directory change bumps in the database (migration 0501)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database
from tests.api.graphql import gql
from tests.conftest import TokenFactory

NAAM = "Wilhelmina Wisbaar-Uniek"
PERSONEN = "{ personen { nodes { actorId naam gewist weergave } } }"
ZET = "mutation($i: ZetPersoonInput!) { zetPersoon(input: $i) { __typename } }"
WIS = "mutation($i: WisPersoonInput!) { wisPersoon(input: $i) { __typename } }"


@pytest.fixture
async def second_process(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Another API process on the same database: its own runtime and its own response cache."""
    other = Runtime.build(settings, database)
    await other.open()
    app = create_app(settings, other)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    await other.close()


async def ask(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/v1/graphql", json={"query": PERSONEN}, headers={"authorization": f"Bearer {token}"})


async def test_after_wis_persoon_no_process_answers_with_the_name_not_even_from_its_cache(
    client: httpx.AsyncClient, second_process: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    zet = await gql(client, pb, ZET, {"i": {"actorId": "wis-1", "naam": NAAM, "rol": "beleid"}})
    assert zet["zetPersoon"]["__typename"] == "PersoonPayload"
    for process in (client, second_process):
        await ask(process, pb)
        cached = await ask(process, pb)
        assert cached.headers.get("x-cache") == "hit" and NAAM in cached.text  # both caches hold the name

    wis = await gql(client, pb, WIS, {"i": {"actorId": "wis-1"}})
    assert wis["wisPersoon"]["__typename"] == "PersoonPayload"

    for process in (client, second_process):
        after = await ask(process, pb)
        assert "x-cache" not in after.headers
        assert NAAM not in after.text
        (persoon,) = [p for p in after.json()["data"]["personen"]["nodes"] if p["actorId"] == "wis-1"]
        assert persoon["gewist"] is True and persoon["naam"] is None


async def test_a_directory_change_made_directly_in_sql_also_retires_cached_answers(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await gql(client, pb, ZET, {"i": {"actorId": "wis-2", "naam": NAAM}})
    await ask(client, pb)
    before = await runtime.cache_version()
    async with runtime.pool.connection() as conn:
        await conn.execute("UPDATE persoon_directory SET naam = NULL, gewist = true WHERE actor_id = 'wis-2'")
    assert await runtime.cache_version() != before
    after = await ask(client, pb)
    assert "x-cache" not in after.headers and NAAM not in after.text

"""The response cache (service/readpath/response_cache.py): a hit is exactly what
executing would return, any write retires it, and nothing crosses users."""

from __future__ import annotations

import httpx

from domain.principal import Principal
from service.readpath.response_cache import ResponseCache, cache_key
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

REGIOS = "{ regios { code gemeenten { code } } }"
REGISTREER = """mutation($i: RegistreerRegioInput!) { registreerRegio(input: $i) { __typename } }"""


async def post(client: httpx.AsyncClient, token: str, query: str) -> httpx.Response:
    return await client.post("/v1/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"})


async def test_a_repeated_query_is_answered_from_the_cache_with_the_same_bytes(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER, {"i": {"code": "r", "naam": "R"}})
    # the mutation waited for the regio view only; the key is every view's position
    assert await runtime.wait_for_views(await runtime.log_head())
    first = await post(client, pb, REGIOS)
    second = await post(client, pb, REGIOS)
    assert "x-cache" not in first.headers
    assert second.headers["x-cache"] == "hit"
    assert second.content == first.content


async def test_a_write_retires_the_cached_answer(client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER, {"i": {"code": "a", "naam": "A"}})
    await post(client, pb, REGIOS)
    await gql(client, pb, REGISTREER, {"i": {"code": "b", "naam": "B"}})
    after = await post(client, pb, REGIOS)
    assert "x-cache" not in after.headers
    assert [r["code"] for r in after.json()["data"]["regios"]] == ["a", "b"]


async def test_the_cache_is_never_shared_between_principals(client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER, {"i": {"code": "r", "naam": "R"}})
    await post(client, pb, REGIOS)
    other = await post(client, token("gemeente", "GM0307"), REGIOS)
    assert "x-cache" not in other.headers


async def test_a_mutation_is_never_answered_from_the_cache(client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = token("programmabureau")
    body = {"query": REGISTREER, "variables": {"i": {"code": "r", "naam": "R"}}}
    headers = {"authorization": f"Bearer {pb}"}
    first = await client.post("/v1/graphql", json=body, headers=headers)
    again = await client.post("/v1/graphql", json=body, headers=headers)
    assert "x-cache" not in again.headers
    assert first.json()["data"]["registreerRegio"]["__typename"] == "RegioPayload"
    assert again.json()["data"]["registreerRegio"]["__typename"] == "ValidationError"


def test_the_key_covers_principal_position_and_body_and_the_cache_is_bounded() -> None:
    a = Principal("a", "A", frozenset({"gemeente"}), gemeente="GM0307")
    b = Principal("b", "B", frozenset({"gemeente"}), gemeente="GM0308")
    keys = {cache_key(a, b"q", 1), cache_key(b, b"q", 1), cache_key(a, b"q", 2), cache_key(a, b"r", 1)}
    assert len(keys) == 4
    cache = ResponseCache(max_entries=2)
    for n in range(3):
        cache.put(str(n), {"n": n}, 10)
    assert cache.get("0") is None
    assert cache.get("2") == {"n": 2}
    assert not ResponseCache(max_entries=0).enabled


async def test_a_min_position_beyond_the_log_is_refused_at_once(client: httpx.AsyncClient, token: TokenFactory) -> None:
    response = await post(client, token("programmabureau"), "{ regios(minPosition: 999999) { code } }")
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert "minPosition" in body["errors"][0]["message"]


async def test_an_integer_beyond_64_bits_gets_a_typed_error_not_a_crash(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    response = await client.post(
        "/v1/graphql",
        json={"query": "query($p: Int) { regios(minPosition: $p) { code } }", "variables": {"p": 10**30}},
        headers={"authorization": f"Bearer {token('programmabureau')}"},
    )
    errors = response.json()["errors"]
    assert all("code" in e["extensions"] for e in errors)

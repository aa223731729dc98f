from __future__ import annotations

import httpx

from tests.api.graphql import gql
from tests.conftest import TokenFactory

REGISTREER_REGIO = """
mutation($input: RegistreerRegioInput!) {
  registreerRegio(input: $input) {
    __typename
    ... on RegioPayload { version position regio { code naam gemeenten { code } } }
    ... on UserError { code message }
    ... on ValidationError { problems { field message } }
  }
}"""

REGISTREER_GEMEENTE = """
mutation($input: RegistreerGemeenteInput!) {
  registreerGemeente(input: $input) {
    __typename
    ... on RegioPayload { version regio { gemeenten { code naam } } }
    ... on UserError { code message }
    ... on ConflictError { currentVersion }
    ... on ValidationError { problems { field message } }
  }
}"""


async def test_the_programme_office_registers_a_regio_and_its_gemeenten(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    data = await gql(client, pb, REGISTREER_REGIO, {"input": {"code": "amersfoort", "naam": "Regio Amersfoort"}})
    assert data["registreerRegio"]["__typename"] == "RegioPayload"
    assert data["registreerRegio"]["version"] == 1
    data = await gql(
        client,
        pb,
        REGISTREER_GEMEENTE,
        {"input": {"regio": "amersfoort", "code": "GM0307", "naam": "Amersfoort", "expectedVersion": 1}},
    )
    result = data["registreerGemeente"]
    assert result["__typename"] == "RegioPayload"
    assert result["regio"]["gemeenten"] == [{"code": "GM0307", "naam": "Amersfoort"}]


async def test_a_gemeente_user_cannot_register_a_gemeente(client: httpx.AsyncClient, token: TokenFactory) -> None:
    await gql(client, token("programmabureau"), REGISTREER_REGIO, {"input": {"code": "r", "naam": "R"}})
    amersfoort = {"regio": "r", "code": "GM0307", "naam": "Amersfoort"}
    await gql(client, token("programmabureau"), REGISTREER_GEMEENTE, {"input": amersfoort})
    data = await gql(
        client,
        token("gemeente", "GM0307"),
        REGISTREER_GEMEENTE,
        {"input": {"regio": "r", "code": "GM0308", "naam": "Baarn"}},
    )
    assert data["registreerGemeente"]["__typename"] == "NotAllowedError"


async def test_invalid_input_lists_every_problem_and_changes_nothing(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER_REGIO, {"input": {"code": "r", "naam": "R"}})
    data = await gql(client, pb, REGISTREER_GEMEENTE, {"input": {"regio": "r", "code": "0307", "naam": " "}})
    result = data["registreerGemeente"]
    assert result["__typename"] == "ValidationError"
    assert {p["field"] for p in result["problems"]} == {"code", "naam"}
    regios = await gql(client, pb, "{ regios { code gemeenten { code } } }")
    assert regios["regios"] == [{"code": "r", "gemeenten": []}]


async def test_a_stale_expected_version_gets_a_conflict_with_the_current_version(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER_REGIO, {"input": {"code": "r", "naam": "R"}})
    first = {"regio": "r", "code": "GM0307", "naam": "A", "expectedVersion": 1}
    second = {"regio": "r", "code": "GM0308", "naam": "B", "expectedVersion": 1}
    await gql(client, pb, REGISTREER_GEMEENTE, {"input": first})
    data = await gql(client, pb, REGISTREER_GEMEENTE, {"input": second})
    assert data["registreerGemeente"] == {
        "__typename": "ConflictError",
        "code": "CONFLICT",
        "message": data["registreerGemeente"]["message"],
        "currentVersion": 2,
    }


async def test_a_retry_with_the_same_idempotency_key_applies_once(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await gql(client, pb, REGISTREER_REGIO, {"input": {"code": "r", "naam": "R"}})
    payload = {"input": {"regio": "r", "code": "GM0307", "naam": "A", "idempotencyKey": "k-1"}}
    one = await gql(client, pb, REGISTREER_GEMEENTE, payload)
    two = await gql(client, pb, REGISTREER_GEMEENTE, payload)
    assert one == two
    assert one["registreerGemeente"]["version"] == 2


async def test_requests_without_a_valid_token_get_a_problem_json_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ apiVersion }"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Niet geauthenticeerd"
    bad = await client.post("/graphql", json={"query": "{ apiVersion }"}, headers={"authorization": "Bearer x.y.z"})
    assert bad.status_code == 401


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["ready"] is True
    assert ready.headers["api-version"]

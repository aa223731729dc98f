"""Errors carry ``extensions.code`` and unexpected ones are masked but logged;
the Dutch API conventions hold on every response."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from service import API_VERSION
from service.app import create_app
from service.config import Settings
from service.http import SECURITY_HEADERS
from service.runtime import Runtime
from tests.conftest import TokenFactory


async def post(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={"authorization": f"Bearer {token}"}
    )
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body["errors"]]


async def test_syntax_validation_and_input_errors_carry_their_codes(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    t = token()
    assert codes(await post(client, t, "{ regios { code ")) == ["GRAPHQL_PARSE_FAILED"]
    assert codes(await post(client, t, "{ regios { bestaatNiet } }")) == ["GRAPHQL_VALIDATION_FAILED"]
    wrong_type = await post(client, t, "query($n: Int) { gemeenten(first: $n) { totalCount } }", {"n": "veel"})
    assert codes(wrong_type) == ["BAD_USER_INPUT"]
    bad_id = await post(client, t, 'query { node(id: "Zm9v") { id } }')
    assert codes(bad_id) == ["BAD_USER_INPUT"]


async def test_an_unexpected_error_is_masked_for_the_client_and_logged_with_the_request_id(
    client: httpx.AsyncClient, token: TokenFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("geheim detail uit de database")

    monkeypatch.setattr("projections.regio.regios", broken)
    with caplog.at_level(logging.ERROR, logger="voortgang.graphql"):
        response = await client.post(
            "/graphql",
            json={"query": "{ regios { code } }"},
            headers={"authorization": f"Bearer {token()}", "x-request-id": "req-masked-1"},
        )
    body = response.json()
    assert codes(body) == ["INTERNAL_ERROR"]
    assert "geheim" not in response.text
    records = [r for r in caplog.records if r.getMessage() == "graphql.unexpected_error"]
    assert len(records) == 1
    assert records[0].__dict__["request_id"] == "req-masked-1"
    assert records[0].exc_info is not None
    assert "geheim" in str(records[0].exc_info[1])


async def test_every_response_carries_the_api_version_and_security_headers(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    responses = [
        await client.post(
            "/v1/graphql", json={"query": "{ apiVersion }"}, headers={"authorization": f"Bearer {token()}"}
        ),
        await client.post("/v1/graphql", json={"query": "{ apiVersion }"}),
        await client.get("/healthz"),
        await client.get("/bestaat-niet"),
    ]
    assert [r.status_code for r in responses] == [200, 401, 200, 404]
    for response in responses:
        assert response.headers["api-version"] == API_VERSION
        assert response.headers["x-request-id"]
        for name, value in SECURITY_HEADERS:
            assert response.headers[name.decode()] == value.decode()


async def test_the_unversioned_path_is_an_alias_of_v1(client: httpx.AsyncClient, token: TokenFactory) -> None:
    headers = {"authorization": f"Bearer {token()}"}
    v1 = await client.post("/v1/graphql", json={"query": "{ apiVersion regios { code } }"}, headers=headers)
    alias = await client.post("/graphql", json={"query": "{ apiVersion regios { code } }"}, headers=headers)
    assert v1.status_code == alias.status_code == 200
    assert v1.json() == alias.json()
    assert v1.json()["data"]["apiVersion"] == API_VERSION


@pytest.fixture
async def cors_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"cors_origins": ["https://portaal.example.nl"]}), runtime)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_cors_answers_only_origins_on_the_allow_list(cors_client: httpx.AsyncClient) -> None:
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "authorization"}
    allowed = await cors_client.options("/v1/graphql", headers={"origin": "https://portaal.example.nl", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://portaal.example.nl"
    refused = await cors_client.options("/v1/graphql", headers={"origin": "https://kwaad.example.com", **preflight})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "CORS_REFUSED"
    assert "access-control-allow-origin" not in refused.headers
    simple = await cors_client.get("/healthz", headers={"origin": "https://portaal.example.nl"})
    assert simple.headers["access-control-allow-origin"] == "https://portaal.example.nl"
    assert "api-version" in simple.headers["access-control-expose-headers"].lower()

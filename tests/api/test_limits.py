"""Hard limits: each refusal is a typed error (``extensions.code`` or a
problem+json status) and a refused query never reaches the database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from projections.paging import MAX_PAGE_SIZE
from service.app import create_app
from service.config import Settings
from service.graphql.guard import limits
from service.runtime import Runtime
from tests.conftest import TokenFactory


async def post(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/v1/graphql", json={"query": query, "variables": variables or {}}, headers={"authorization": f"Bearer {token}"}
    )
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


@pytest.fixture
def db_uses(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every connection the API takes from the read pool."""
    uses: list[int] = []
    original: Callable[..., AbstractAsyncContextManager[Any]] = runtime.pool.connection

    def counting(*args: Any, **kwargs: Any) -> AbstractAsyncContextManager[Any]:
        uses.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(runtime.pool, "connection", counting)
    return uses


async def test_an_over_deep_query_is_refused_before_the_database(
    client: httpx.AsyncClient, token: TokenFactory, db_uses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_DEPTH", 2)
    body = await post(client, token(), "{ gemeenten { edges { node { code } } } }")
    assert codes(body) == ["QUERY_TOO_DEEP"]
    assert body.get("data") is None
    assert db_uses == []


async def test_an_over_aliased_query_is_refused_before_the_database(
    client: httpx.AsyncClient, token: TokenFactory, db_uses: list[int]
) -> None:
    fields = " ".join(f"a{n}: apiVersion" for n in range(limits.MAX_ALIASES + 1))
    body = await post(client, token(), "{ " + fields + " regios { code } }")
    assert codes(body) == ["TOO_MANY_ALIASES"]
    assert db_uses == []


async def test_an_oversized_document_is_refused_by_the_token_limit(
    client: httpx.AsyncClient, token: TokenFactory, db_uses: list[int]
) -> None:
    body = await post(client, token(), "{ regios { " + "code " * limits.MAX_TOKENS + "} }")
    assert codes(body) == ["TOO_MANY_TOKENS"]
    assert db_uses == []


async def test_an_over_wide_query_is_refused_by_the_cost_limit(
    client: httpx.AsyncClient, token: TokenFactory, db_uses: list[int]
) -> None:
    page = "gemeenten(first: 200) { totalCount edges { cursor node { code naam } } nodes { code naam } }"
    one = await post(client, token(), "{ " + page + " }")
    assert "errors" not in one
    used = len(db_uses)
    query = "{ " + " ".join(f"p{n}: {page}" for n in range(limits.MAX_ALIASES)) + " }"
    body = await post(client, token(), query)
    assert codes(body) == ["QUERY_TOO_COSTLY"]
    assert "kosten" in body["errors"][0]["message"]
    assert len(db_uses) == used


async def test_a_page_above_the_maximum_is_refused_before_the_database(
    client: httpx.AsyncClient, token: TokenFactory, db_uses: list[int]
) -> None:
    query = "query($n: Int) { gemeenten(first: $n) { edges { cursor } } }"
    body = await post(client, token(), query, {"n": MAX_PAGE_SIZE + 1})
    assert codes(body) == ["PAGE_SIZE_EXCEEDED"]
    assert db_uses == []
    allowed = await post(client, token(), query, {"n": MAX_PAGE_SIZE})
    assert "errors" not in allowed
    assert db_uses != []


async def test_an_oversized_body_gets_a_problem_json_413(client: httpx.AsyncClient, settings: Settings) -> None:
    body = b'{"query": "' + b"x" * settings.max_body_bytes + b'"}'
    response = await client.post("/v1/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 413


@pytest.fixture
async def strict_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    strict = settings.model_copy(update={"rate_limit_per_s": 0.5, "rate_limit_burst": 3})
    app = create_app(strict, runtime)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_a_principal_over_its_rate_gets_a_429_with_retry_after_and_others_do_not(
    strict_client: httpx.AsyncClient, token: TokenFactory
) -> None:
    busy = {"authorization": f"Bearer {token(name='druk')}"}
    statuses = [
        (await strict_client.post("/graphql", json={"query": "{ apiVersion }"}, headers=busy)).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = await strict_client.post("/graphql", json={"query": "{ apiVersion }"}, headers=busy)
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) >= 1
    other = {"authorization": f"Bearer {token(name='rustig')}"}
    assert (await strict_client.post("/graphql", json={"query": "{ apiVersion }"}, headers=other)).status_code == 200


@pytest.fixture
async def production_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"environment": "production"}), runtime)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_introspection_and_graphiql_are_off_in_production(
    production_client: httpx.AsyncClient, client: httpx.AsyncClient, token: TokenFactory
) -> None:
    introspect = "{ __schema { queryType { name } } }"
    assert set(codes(await post(production_client, token(), introspect))) == {"INTROSPECTION_DISABLED"}
    assert (await post(client, token(), introspect))["data"]["__schema"]["queryType"]["name"] == "Query"
    page = await production_client.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    assert "graphiql" in (await client.get("/graphql", headers={"accept": "text/html"})).text.lower()


REEKS = 'voortgangsreeks(van: "2025-01-01", tot: "2025-12-31"'
SUGGESTING = [
    ("unknown field", "{ regioos { code } }", None),
    ("unknown nested field", "{ regios { cod } }", None),
    ("unknown argument", "{ regios(asOff: null) { code } }", None),
    ("unknown enum literal", "{ " + REEKS + ", interval: MAANDD) { __typename } }", None),
    ("unknown enum variable", "query($i: ReeksInterval) {" + REEKS + ", interval: $i) { __typename } }", {"i": "MAAN"}),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "variables"), SUGGESTING, ids=[c[0] for c in SUGGESTING])
async def test_production_answers_an_unknown_name_without_did_you_mean_suggestions(
    production_client: httpx.AsyncClient,
    client: httpx.AsyncClient,
    token: TokenFactory,
    case: str,
    query: str,
    variables: dict[str, Any] | None,
) -> None:
    answer = await post(production_client, token(), query, variables)
    assert answer["errors"] and answer.get("data") is None, answer
    messages = " ".join(e["message"] for e in answer["errors"])
    assert "Did you mean" not in messages, messages
    for hint in ("regios", "code", "asOf", "MAAND"):
        assert f"'{hint}'" not in messages.replace(f"'{query}'", ""), messages
    development = await post(client, token(), query, variables)
    assert "Did you mean" in " ".join(e["message"] for e in development["errors"]), (case, development)


async def test_an_unexpected_http_failure_answers_problem_json_500(settings: Settings, runtime: Runtime) -> None:
    app = create_app(settings, runtime)

    async def boom(request: Request) -> Response:
        raise RuntimeError("kapot")

    app.add_route("/boom", boom)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/boom", headers={"x-request-id": "req-500"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["instance"] == "urn:request:req-500"
    assert "kapot" not in response.text
    assert response.headers["api-version"]

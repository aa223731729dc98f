"""The document cache (issue 14): a repeated query is neither parsed nor
validated again; a new document still meets every limit; a refused document
is refused every time and never kept."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import strawberry.schema.schema as strawberry_schema

from service.graphql.guard import limits
from tests.conftest import TokenFactory

QUERY = "query($g: String!) { ontwikkelplan(gemeente: $g) { gemeente status } regios { code } }"


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the calls of graphql-core's parse (by strawberry or the limits'
    worker) and of the validation (the limits' ``validate_untrusted``)."""
    seen = {"parse": 0, "validate": 0}
    parse, validate = getattr(strawberry_schema, "parse"), strawberry_schema.validate_document  # noqa: B009

    def counted_parse(*args: Any, **kwargs: Any) -> Any:
        seen["parse"] += 1
        return parse(*args, **kwargs)

    def counted_validate(*args: Any, **kwargs: Any) -> Any:
        seen["validate"] += 1
        return validate(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "parse", counted_parse)
    monkeypatch.setattr(limits, "parse", counted_parse)  # long documents are parsed in the limits' worker
    untrusted = limits.validate_untrusted

    def counted_untrusted(*args: Any, **kwargs: Any) -> Any:
        seen["validate"] += 1
        return untrusted(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate_document", counted_validate)
    monkeypatch.setattr(limits, "validate_untrusted", counted_untrusted)  # the linear-time limits validate there
    return seen


async def post(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_a_repeated_query_is_parsed_and_validated_once(
    client: httpx.AsyncClient, token: TokenFactory, steps: dict[str, int]
) -> None:
    tok = token("programmabureau")
    first = await post(client, tok, QUERY, {"g": "GM0307"})
    assert steps == {"parse": 1, "validate": 1}
    for gemeente in ("GM0307", "GM0308", "GM0307"):
        again = await post(client, tok, QUERY, {"g": gemeente})
        assert "errors" not in again
    assert steps == {"parse": 1, "validate": 1}
    assert again == first


async def test_a_new_document_still_meets_the_token_and_alias_limits(
    client: httpx.AsyncClient, token: TokenFactory, steps: dict[str, int]
) -> None:
    tok = token()
    too_long = "{ " + " ".join(f"a{i}: apiVersion" for i in range(limits.MAX_TOKENS)) + " }"
    aliased = "{ " + " ".join(f"a{i}: apiVersion" for i in range(limits.MAX_ALIASES + 1)) + " }"
    for _ in range(2):
        assert codes(await post(client, tok, too_long)) == ["TOO_MANY_TOKENS"]
        assert codes(await post(client, tok, aliased)) == ["TOO_MANY_ALIASES"]
    # refused documents are never kept: the over-long one is refused before parsing,
    # every time; the aliased one is parsed and refused by validation every time
    assert steps == {"parse": 2, "validate": 2}


async def test_an_invalid_document_is_refused_every_time_and_a_valid_one_after_it_is_served(
    client: httpx.AsyncClient, token: TokenFactory, steps: dict[str, int]
) -> None:
    tok = token()
    for _ in range(2):
        assert codes(await post(client, tok, "{ geenVeld }")) == ["GRAPHQL_VALIDATION_FAILED"]
        assert codes(await post(client, tok, "{ regios { ")) == ["GRAPHQL_PARSE_FAILED"]
    assert steps == {"parse": 4, "validate": 2}
    assert (await post(client, tok, "{ apiVersion }"))["data"]["apiVersion"]
    assert (await post(client, tok, "{ apiVersion }"))["data"]["apiVersion"]
    assert steps == {"parse": 5, "validate": 3}


async def test_an_over_deep_document_is_refused_every_time(
    client: httpx.AsyncClient, token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_DEPTH", 2)
    tok = token()
    assert "errors" not in await post(client, tok, "{ regios { code } }")
    for _ in range(2):
        assert codes(await post(client, tok, "{ gemeenten { edges { node { code } } } }")) == ["QUERY_TOO_DEEP"]

"""A small GraphQL-over-HTTP helper for API tests."""

from __future__ import annotations

from typing import Any

import httpx


async def gql(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/v1/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]

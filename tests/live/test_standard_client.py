"""A portal written with a standard GraphQL client library (``gql``, not our own
code) against a real server: it pages through a large list with cursors,
receives a change made by another client within a second over
graphql-transport-ws, and gets typed errors for bad input."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from service.app import create_app
from service.config import Settings
from tests.conftest import TokenFactory
from tests.servers import serving

PORTAAL = "https://portaal.example.nl"
GEMEENTEN = 60
REGIO = GraphQLRequest(
    "mutation($i: RegistreerRegioInput!) { registreerRegio(input: $i) { __typename } }",
    variable_values={"i": {"code": "groot", "naam": "Grote regio"}},
)
GEMEENTE = """mutation($i: RegistreerGemeenteInput!) {
  registreerGemeente(input: $i) {
    __typename
    ... on ValidationError { code problems { field message } }
  }
}"""
PAGE = """query($after: String) {
  gemeenten(first: 25, after: $after) {
    nodes { code }
    pageInfo { hasNextPage endCursor }
  }
}"""
SUBSCRIBE = GraphQLRequest("subscription { wijzigingen(topics: [REGIO_CHANGED]) { topic eventType position } }")


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    live_settings = settings.model_copy(update={"cors_origins": [PORTAAL], "run_projector": True})
    with serving(create_app(live_settings), ws="websockets-sansio") as host:
        yield host


@pytest.fixture
async def portal(server: str, token: TokenFactory) -> AsyncIterator[AsyncClientSession]:
    transport = HTTPXAsyncTransport(
        url=f"http://{server}/v1/graphql", headers={"authorization": f"Bearer {token('programmabureau')}"}
    )
    async with Client(transport=transport) as session:
        yield session


def gemeente(code: str, naam: str) -> GraphQLRequest:
    return GraphQLRequest(GEMEENTE, variable_values={"i": {"regio": "groot", "code": code, "naam": naam}})


async def test_a_standard_client_pages_through_a_large_list_seeing_every_item_once(
    portal: AsyncClientSession,
) -> None:
    await portal.execute(REGIO)
    for n in range(GEMEENTEN):
        added = await portal.execute(gemeente(f"GM{n:04d}", f"Gemeente {n}"))
        assert added["registreerGemeente"]["__typename"] == "RegioPayload"
    seen: list[str] = []
    after: str | None = None
    while True:
        page = (await portal.execute(GraphQLRequest(PAGE, variable_values={"after": after})))["gemeenten"]
        assert len(page["nodes"]) <= 25
        seen += [node["code"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"GM{n:04d}" for n in range(GEMEENTEN)]


async def first_change(subscriber: AsyncClientSession) -> dict[str, Any]:
    async for result in subscriber.subscribe(SUBSCRIBE):
        return dict(result)
    raise AssertionError("the subscription ended without a change")


async def test_a_standard_client_receives_a_change_by_another_client_within_a_second(
    server: str, token: TokenFactory, portal: AsyncClientSession
) -> None:
    transport = WebsocketsTransport(
        url=f"ws://{server}/v1/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"authorization": f"Bearer {token('overleg')}"},  # a role that needs no registered code
        connect_args={"origin": PORTAAL},
    )
    async with Client(transport=transport) as subscriber:
        received = asyncio.create_task(first_change(subscriber))
        await asyncio.sleep(0.5)  # the subscription is registered with the broker
        started = time.monotonic()
        await portal.execute(REGIO)
        change = await asyncio.wait_for(received, 1.0)
        elapsed = time.monotonic() - started
    assert change["wijzigingen"]["topic"] == "REGIO_CHANGED"
    assert change["wijzigingen"]["eventType"] == "Regio.Geregistreerd"
    assert elapsed < 1.0


async def test_a_standard_client_gets_a_typed_validation_error_listing_every_problem(
    portal: AsyncClientSession,
) -> None:
    await portal.execute(REGIO)
    result = (await portal.execute(gemeente("0307", " ")))["registreerGemeente"]
    assert result["__typename"] == "ValidationError"
    assert result["code"]
    assert {problem["field"] for problem in result["problems"]} >= {"code", "naam"}

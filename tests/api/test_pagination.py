"""Relay pagination in SQL: stable opaque cursors, a maximum page size, and
global ids that resolve through ``node(id:)``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

import httpx
import pytest

from projections.paging import MAX_PAGE_SIZE, PageRequestRefused, decode_cursor, encode_cursor, page_request
from service.graphql.relay import GlobalIdError, from_global_id, to_global_id
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PAGE = """
query($first: Int, $after: String) {
  gemeenten(first: $first, after: $after) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def _seed(client: httpx.AsyncClient, pb: str, count: int) -> None:
    await gql(
        client,
        pb,
        "mutation($i: RegistreerRegioInput!) { registreerRegio(input: $i) { __typename } }",
        {"i": {"code": "r", "naam": "R"}},
    )
    for n in range(count):
        await gql(
            client,
            pb,
            "mutation($i: RegistreerGemeenteInput!) { registreerGemeente(input: $i) { __typename } }",
            {"i": {"regio": "r", "code": f"GM{n:04d}", "naam": f"Gemeente {n}"}},
        )


def test_a_cursor_round_trips_every_kind_of_sort_key() -> None:
    key = (
        "a",
        3,
        True,
        None,
        Decimal("1.50"),
        UUID(int=7),
        dt.date(2025, 1, 2),
        dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
    )
    assert decode_cursor(encode_cursor(key)) == key


def test_a_page_larger_than_the_maximum_and_a_forged_cursor_are_refused_with_codes() -> None:
    with pytest.raises(PageRequestRefused) as too_big:
        page_request(MAX_PAGE_SIZE + 1, None)
    assert too_big.value.code == "PAGE_SIZE_EXCEEDED"
    with pytest.raises(PageRequestRefused) as forged:
        page_request(10, "bm90LWpzb24")
    assert forged.value.code == "INVALID_CURSOR"


def test_global_ids_are_opaque_and_carry_their_type() -> None:
    gid = to_global_id("Regio", "abc")
    assert "Regio" not in gid
    assert from_global_id(gid) == ("Regio", "abc")
    with pytest.raises(GlobalIdError):
        from_global_id("!!!")


async def test_a_client_pages_through_every_gemeente_with_stable_cursors(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await _seed(client, pb, 7)
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        data = (await gql(client, pb, PAGE, {"first": 3, "after": after}))["gemeenten"]
        pages += 1
        assert data["totalCount"] == 7
        assert data["pageInfo"]["hasPreviousPage"] == (after is not None)
        seen += [e["node"]["code"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == [f"GM{n:04d}" for n in range(7)]


async def test_an_oversized_page_gets_a_typed_error(client: httpx.AsyncClient, token: TokenFactory) -> None:
    response = await client.post(
        "/graphql",
        json={"query": PAGE, "variables": {"first": MAX_PAGE_SIZE + 1}},
        headers={"authorization": f"Bearer {token()}"},
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


async def test_a_regio_is_fetched_again_by_its_global_id(client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = token("programmabureau")
    await _seed(client, pb, 1)
    regio = (await gql(client, pb, "{ regios { id code } }"))["regios"][0]
    node = await gql(client, pb, "query($id: ID!) { node(id: $id) { id ... on Regio { code } } }", {"id": regio["id"]})
    assert node["node"] == {"id": regio["id"], "code": "r"}
    missing = await gql(
        client, pb, "query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Regio", UUID(int=1))}
    )
    assert missing["node"] is None


BACK = """
query($last: Int, $before: String) {
  gemeenten(last: $last, before: $before) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def test_a_client_pages_backward_over_a_page_boundary_with_the_same_cursors(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await _seed(client, pb, 7)
    forward = (await gql(client, pb, PAGE, {"first": 7}))["gemeenten"]["edges"]
    seen: list[str] = []
    before = None
    pages = []
    while True:
        data = (await gql(client, pb, BACK, {"last": 3, "before": before}))["gemeenten"]
        assert data["totalCount"] == 7
        assert data["pageInfo"]["hasNextPage"] == (before is not None)
        pages.append([e["node"]["code"] for e in data["edges"]])
        seen = pages[-1] + seen
        if not data["pageInfo"]["hasPreviousPage"]:
            break
        before = data["pageInfo"]["startCursor"]
    assert pages == [["GM0004", "GM0005", "GM0006"], ["GM0001", "GM0002", "GM0003"], ["GM0000"]]
    assert seen == [e["node"]["code"] for e in forward]
    assert before == forward[1]["cursor"]
    again = (await gql(client, pb, PAGE, {"first": 2, "after": before}))["gemeenten"]
    assert [e["node"]["code"] for e in again["edges"]] == ["GM0002", "GM0003"]


async def test_total_count_is_only_counted_when_asked_and_mixing_directions_is_refused(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    pb = token("programmabureau")
    await _seed(client, pb, 2)
    lean = await gql(client, pb, "{ gemeenten(last: 1) { nodes { code } } }")
    assert lean["gemeenten"]["nodes"] == [{"code": "GM0001"}]
    response = await client.post(
        "/graphql",
        json={"query": "{ gemeenten(first: 1, last: 1) { totalCount } }"},
        headers={"authorization": f"Bearer {pb}"},
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"] is None

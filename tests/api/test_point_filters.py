"""Asking for part of a plan: `ontwikkelpunten(filter:)` and
`ontwikkelpuntenConnection(filter:, first/after, last/before)` with
`totalCount`, filtered and counted in SQL under row-level security."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx

from domain.ontwikkelpunt import Kolommen
from domain.plan_values import Stand
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe, WerkStandVanZakenBij
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
AMERSFOORT = Principal("official-amersfoort-beleid-1", "A", frozenset({"gemeente"}), gemeente="GM0307")
BAARN = Principal("official-baarn-beleid-1", "B", frozenset({"gemeente"}), gemeente="GM0308")
POINTS = [  # basisfunctie, thema, doel, uitvoerder, signaal of a stand (None: no stand), weeks old
    (1, "BF1-06", "Jeugdhulp dichtbij", "Team Jeugd", "op_koers", 1),
    (1, "BF1-06", "Wachtlijsten korter", None, "achter", 20),
    (2, "BF2-1", "Crisisdienst bereikbaar", "GGD", None, 0),
    (3, "BF3", "Inkoop regionaal", "Inkoopteam jeugd", "aandacht_nodig", 30),
    (3, "BF3", "Contractbeheer", None, None, 0),
]


def setup(runtime: Runtime) -> int:
    pb = Envelope(principal=PB)
    runtime.commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    for code, naam in (("GM0307", "Amersfoort"), ("GM0308", "Baarn")):
        runtime.commands.run(pb, RegistreerGemeente(regio="amersfoort", code=code, naam=naam))
    position = 0
    for principal, gemeente, points in ((AMERSFOORT, "GM0307", POINTS), (BAARN, "GM0308", POINTS[:2])):
        gm = Envelope(principal=principal)
        runtime.commands.run(
            gm,
            MaakOntwikkelplan(regio="amersfoort", gemeente=gemeente, periode="2025-2027", template_versie="2025-02-19"),
        )
        for bf, thema, doel, uitvoerder, signaal, weeks in points:
            saved = runtime.commands.run(
                gm,
                VoegOntwikkelpuntToe(
                    gemeente=gemeente,
                    periode="2025-2027",
                    basisfunctie=bf,
                    thema=thema,
                    doel=doel,
                    zelfscan_link="z",
                    kolommen=Kolommen(uitvoerder=uitvoerder),
                ),
            )
            position = saved.position
            if signaal is not None:
                stand = Stand(dt.date.today() - dt.timedelta(weeks=weeks), "Stand", signaal)
                position = runtime.commands.run(gm, WerkStandVanZakenBij(punt=saved.aggregate_id, stand=stand)).position
    return position


async def given(runtime: Runtime) -> None:
    await runtime.wait_for_views(await asyncio.to_thread(setup, runtime))


LIST = 'query($f: OntwikkelpuntFilter) { ontwikkelplan(gemeente: "GM0307") { ontwikkelpunten(filter: $f) { doel } } }'
PAGE = """query($f: OntwikkelpuntFilter, $first: Int, $after: String, $last: Int, $before: String) {
  ontwikkelplan(gemeente: "GM0307") { ontwikkelpuntenConnection(filter: $f, first: $first, after: $after,
    last: $last, before: $before) { totalCount edges { cursor node { doel } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"""


async def doelen(client: httpx.AsyncClient, tok: str, f: dict[str, Any] | None) -> list[str]:
    data = await gql(client, tok, LIST, {"f": f})
    return [p["doel"] for p in data["ontwikkelplan"]["ontwikkelpunten"]]


async def test_each_filter_alone_and_combined_narrows_the_points_in_template_order(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    tok = token("gemeente", gemeente="GM0307")
    everything = [p[2] for p in POINTS]
    assert await doelen(client, tok, None) == everything
    assert await doelen(client, tok, {}) == everything
    assert await doelen(client, tok, {"basisfunctie": [3]}) == ["Inkoop regionaal", "Contractbeheer"]
    assert await doelen(client, tok, {"basisfunctie": [2, 3]}) == everything[2:]
    assert await doelen(client, tok, {"thema": ["BF1-06"]}) == everything[:2]
    assert await doelen(client, tok, {"status": ["CONCEPT"]}) == everything
    assert await doelen(client, tok, {"status": ["AFGEROND"]}) == []
    assert await doelen(client, tok, {"signaal": ["ACHTER", "AANDACHT_NODIG"]}) == [everything[1], everything[3]]
    assert await doelen(client, tok, {"stale": True}) == [everything[1], everything[3]]
    assert await doelen(client, tok, {"stale": False}) == [everything[0], everything[2], everything[4]]
    assert await doelen(client, tok, {"tekst": "JEUGD"}) == [everything[0], everything[3]]  # doel or uitvoerder
    assert await doelen(client, tok, {"tekst": "100%_"}) == []  # no LIKE wildcards: a plain substring
    combined = {"basisfunctie": [1, 3], "stale": True, "tekst": "inkoop"}
    assert await doelen(client, tok, combined) == ["Inkoop regionaal"]


async def test_a_filtered_connection_pages_forward_and_backward_over_a_page_boundary_with_total_count(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    tok = token("gemeente", gemeente="GM0307")
    f = {"basisfunctie": [1, 2, 3], "tekst": "r"}  # all but "Jeugdhulp dichtbij" (no r in doel or uitvoerder)
    first = (await gql(client, tok, PAGE, {"f": f, "first": 2}))["ontwikkelplan"]["ontwikkelpuntenConnection"]
    assert first["totalCount"] == 4
    assert [e["node"]["doel"] for e in first["edges"]] == ["Wachtlijsten korter", "Crisisdienst bereikbaar"]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(client, tok, PAGE, {"f": f, "first": 2, "after": after}))["ontwikkelplan"]
    page2 = second["ontwikkelpuntenConnection"]
    assert [e["node"]["doel"] for e in page2["edges"]] == ["Inkoop regionaal", "Contractbeheer"]
    assert page2["totalCount"] == 4 and not page2["pageInfo"]["hasNextPage"] and page2["pageInfo"]["hasPreviousPage"]
    before = page2["pageInfo"]["startCursor"]
    back = (await gql(client, tok, PAGE, {"f": f, "last": 1, "before": before}))["ontwikkelplan"]
    page0 = back["ontwikkelpuntenConnection"]
    assert [e["node"]["doel"] for e in page0["edges"]] == ["Crisisdienst bereikbaar"]
    assert page0["pageInfo"]["hasPreviousPage"] and page0["pageInfo"]["hasNextPage"]
    assert page0["totalCount"] == 4


async def test_other_gemeente_points_are_never_counted(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    baarn = token("gemeente", gemeente="GM0308")
    mine = """{ ontwikkelplan(gemeente: "GM0308") { ontwikkelpuntenConnection(filter: {basisfunctie: [1]})
      { totalCount nodes { gemeente } } } }"""
    data = (await gql(client, baarn, mine))["ontwikkelplan"]["ontwikkelpuntenConnection"]
    assert data["totalCount"] == 2 and {n["gemeente"] for n in data["nodes"]} == {"GM0308"}
    other = (await gql(client, baarn, PAGE, {"f": {"basisfunctie": [1]}}))["ontwikkelplan"]
    assert other is None or other["ontwikkelpuntenConnection"]["totalCount"] == 0


async def test_bad_filter_values_get_a_typed_bad_user_input_and_no_data(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    tok = token("gemeente", gemeente="GM0307")
    bad: list[dict[str, Any]] = [
        {"basisfunctie": [6]},
        {"basisfunctie": []},
        {"thema": ["x" * 21]},
        {"tekst": ""},
        {"tekst": "x" * 201},
        {"basisfunctie": list(range(1, 6)) * 5},
        {"status": ["BESTAAT_NIET"]},
        {"stale": "ja"},
    ]
    for f in bad:
        response = await client.post("/graphql", json={"query": PAGE, "variables": {"f": f}},
                                     headers={"authorization": f"Bearer {tok}"})  # fmt: skip
        body = response.json()
        assert response.status_code in (200, 400), f
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", (f, body)
        assert (body.get("data") or {}).get("ontwikkelplan") is None, f


async def test_the_lists_that_grow_are_connections_with_total_count_both_ways(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    pb = token("programmabureau")
    plans = """query($last: Int) { ontwikkelplannenConnection(last: $last) { totalCount nodes { gemeente }
      pageInfo { hasPreviousPage hasNextPage } } }"""
    data = (await gql(client, pb, plans, {"last": 1}))["ontwikkelplannenConnection"]
    assert data["totalCount"] == 2 and data["nodes"] == [{"gemeente": "GM0308"}]
    assert data["pageInfo"] == {"hasPreviousPage": True, "hasNextPage": False}
    regios = "{ regiosConnection(first: 1) { totalCount nodes { code gemeenten { code } } } }"
    data = (await gql(client, pb, regios))["regiosConnection"]
    assert data == {
        "totalCount": 1,
        "nodes": [{"code": "amersfoort", "gemeenten": [{"code": "GM0307"}, {"code": "GM0308"}]}],
    }
    baarn = token("gemeente", gemeente="GM0308")
    mine = (await gql(client, baarn, plans, {"last": 50}))["ontwikkelplannenConnection"]
    assert mine["totalCount"] == len(mine["nodes"])


async def test_the_timeline_and_plan_hygiene_count_in_sql_and_page_backward(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    tok = token("gemeente", gemeente="GM0307")
    hygiene = """{ planHygiene(gemeente: "GM0307", last: 2) { totalCount nodes { doel waarschuwingen }
      pageInfo { hasPreviousPage } } }"""
    data = (await gql(client, tok, hygiene))["planHygiene"]
    assert data["totalCount"] == len(POINTS) and data["pageInfo"]["hasPreviousPage"]
    everything = (await gql(client, tok, hygiene.replace("last: 2", "first: 10")))["planHygiene"]["nodes"]
    # the last two of the forward order (BF3's two points, ordered by id within their thema), in that order
    assert [n["doel"] for n in everything][-2:] == [n["doel"] for n in data["nodes"]]
    assert {n["doel"] for n in data["nodes"]} == {"Inkoop regionaal", "Contractbeheer"}
    first = (await gql(client, tok, LIST, {"f": {"signaal": ["OP_KOERS"]}}))["ontwikkelplan"]["ontwikkelpunten"]
    assert first == [{"doel": "Jeugdhulp dichtbij"}]
    ids = await gql(
        client,
        tok,
        """{ ontwikkelplan(gemeente: "GM0307") { ontwikkelpunten(filter: {signaal: [OP_KOERS]})
      { id } } }""",
    )
    punt = ids["ontwikkelplan"]["ontwikkelpunten"][0]["id"]
    timeline = "query($id: ID!) { standVanZakenTijdlijn(id: $id, last: 5) { totalCount nodes { signaal } } }"
    data = (await gql(client, tok, timeline, {"id": punt}))["standVanZakenTijdlijn"]
    assert data == {"totalCount": 1, "nodes": [{"signaal": "OP_KOERS"}]}

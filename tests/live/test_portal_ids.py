"""A portal developer's path with one kind of id (issue 18, "Done when"), with
the standard ``gql`` client over real HTTP and graphql-transport-ws: take a
point's id from the plan, then read its audit trail, PDCA history, besluiten
and live changes, and fetch it and its besluit with ``node(id:)`` — always
with that same id, never a raw UUID."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from service.app import create_app
from service.config import Settings
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.runtime import Runtime
from service.store.database import Database
from tests.api.test_cross_area_api import DORDRECHT, dordrecht_point
from tests.conftest import TokenFactory
from tests.servers import serving

PLAN = "query($g: String!, $p: Int) { ontwikkelplan(gemeente: $g, minPosition: $p) { id ontwikkelpunten { id } } }"
RESULT = "__typename ... on UserError { code message }"
BESLUIT = f"{RESULT} ... on BesluitPayload {{ besluit {{ id status }} }}"
TRAIL = "query($id: ID!) { auditTrail(objectId: $id) { nodes { objectId gebeurtenis besluitId } } }"
PDCA = "query($id: ID!) { pdcaHistorie(objectId: $id) { cycli { stappen { objectId fase } } } }"
BESLUITEN = "query($id: String!) { besluitenVoorObject(objectId: $id) { besluitId relatie eventType } }"
NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Ontwikkelpunt { doel } ... on Besluit { kenmerk status } ... on Ontwikkelplan { gemeente } } }"""
LIVE = GraphQLRequest("subscription { wijzigingen(topics: [PLAN_CHANGED]) { objectId eventType position } }")


def mutation(name: str, input_type: str, payload: str = RESULT) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {payload} }} }}"


@pytest.fixture
def seeded(settings: Settings, database: Database) -> int:
    """The demo's regios and governance and a Dordrecht point; the position it reached."""
    seeding = Runtime.build(settings, database)
    seed_regios(seeding)
    seed_governance(seeding)
    dordrecht_point(seeding)
    return seeding.app.recorder.max_notification_id() or 0


@pytest.fixture
def server(settings: Settings, seeded: int) -> Iterator[str]:
    live_settings = settings.model_copy(update={"run_projector": True})
    with serving(create_app(live_settings), ws="websockets-sansio") as host:
        yield host


@pytest.fixture
async def portal(server: str, token: TokenFactory) -> AsyncIterator[AsyncClientSession]:
    transport = HTTPXAsyncTransport(
        url=f"http://{server}/v1/graphql", headers={"authorization": f"Bearer {token('programmabureau')}"}
    )
    async with Client(transport=transport) as session:
        yield session


async def run(portal: AsyncClientSession, document: str, **variables: Any) -> dict[str, Any]:
    return dict(await portal.execute(GraphQLRequest(document, variable_values=variables)))


async def genomen_besluit(portal: AsyncClientSession) -> str:
    voorstel = {
        "regio": "zhz", "kenmerk": "ZHZ-BO-PORTAAL-1", "onderwerp": "Planning jeugdbescherming bijstellen",
        "gremium": "zhz-bo", "beslispunten": ["De planning van het ontwikkelpunt te verschuiven."],
    }  # fmt: skip
    bid = await run(portal, mutation("stelBesluitVoor", "StelBesluitVoorInput", BESLUIT), input=voorstel)
    besluit_id = str(bid["stelBesluitVoor"]["besluit"]["id"])
    overleg = await run(
        portal,
        mutation("planOverleg", "PlanOverlegInput", f"{RESULT} ... on OverlegPayload {{ overleg {{ id }} }}"),
        input={"gremium": "zhz-bo", "datum": "2025-01-16"},
    )
    tabled = {"besluitId": besluit_id, "overlegId": overleg["planOverleg"]["overleg"]["id"]}
    assert await run(portal, mutation("agendeerBesluit", "AgendeerBesluitInput"), input=tabled)
    taken = await run(portal, mutation("neemBesluit", "NeemBesluitInput", BESLUIT), input={"besluitId": besluit_id})
    assert taken["neemBesluit"]["besluit"]["status"] == "GENOMEN", taken
    return besluit_id


async def first_change(subscriber: AsyncClientSession) -> dict[str, Any]:
    async for result in subscriber.subscribe(LIVE):
        return dict(result["wijzigingen"])
    raise AssertionError("the subscription ended without a change")


async def test_a_portal_follows_one_point_through_every_view_with_the_id_the_plan_gave_it(
    server: str, seeded: int, token: TokenFactory, portal: AsyncClientSession
) -> None:
    plan = (await run(portal, PLAN, g=DORDRECHT, p=seeded))["ontwikkelplan"]
    punt = plan["ontwikkelpunten"][0]["id"]
    besluit = await genomen_besluit(portal)
    transport = WebsocketsTransport(
        url=f"ws://{server}/v1/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"authorization": f"Bearer {token('programmabureau')}"},
    )
    async with Client(transport=transport) as subscriber:
        received = asyncio.create_task(first_change(subscriber))
        await asyncio.sleep(0.5)  # the subscription is registered with the broker
        change = {"ontwikkelpunt": punt, "besluitId": besluit, "planning": {"gereed": "2027-03-31", "precisie": "DAG"}}
        done = await run(portal, mutation("legPlanningVast", "LegPlanningVastInput"), input=change)
        assert done["legPlanningVast"]["__typename"] == "OntwikkelpuntPayload", done
        live = await asyncio.wait_for(received, 5.0)
    assert (live["objectId"], live["eventType"]) == (punt, "Ontwikkelpunt.PlanningAangepast")

    position = live["position"]
    trail = await run(portal, TRAIL.replace("auditTrail(", f"auditTrail(minPosition: {position}, "), id=punt)
    rows = trail["auditTrail"]["nodes"]
    assert rows and {r["objectId"] for r in rows} == {punt}
    assert {"besluitId": besluit, "gebeurtenis": "Ontwikkelpunt.PlanningAangepast", "objectId": punt} in rows

    pdca = (await run(portal, PDCA, id=punt))["pdcaHistorie"]["cycli"]
    stappen = [s for c in pdca for s in c["stappen"]]
    assert stappen and {s["objectId"] for s in stappen} == {punt}

    besluiten = (await run(portal, BESLUITEN, id=punt))["besluitenVoorObject"]
    assert {"besluitId": besluit, "relatie": "EFFECT", "eventType": "Ontwikkelpunt.PlanningAangepast"} in besluiten

    node = (await run(portal, NODE, id=punt))["node"]
    assert (node["__typename"], node["id"]) == ("Ontwikkelpunt", punt)
    node = (await run(portal, NODE, id=besluit))["node"]
    assert (node["__typename"], node["id"], node["status"]) == ("Besluit", besluit, "GENOMEN")
    node = (await run(portal, NODE, id=plan["id"]))["node"]
    assert (node["__typename"], node["gemeente"]) == ("Ontwikkelplan", DORDRECHT)


async def test_a_portal_gets_one_typed_error_for_an_id_of_the_wrong_kind_and_nothing_changes(
    seeded: int, portal: AsyncClientSession
) -> None:
    plan = (await run(portal, PLAN, g=DORDRECHT, p=seeded))["ontwikkelplan"]
    change = {"ontwikkelpunt": plan["id"], "planning": {"gereed": "2027-03-31", "precisie": "DAG"}}
    with pytest.raises(Exception) as refused:
        await run(portal, mutation("legPlanningVast", "LegPlanningVastInput"), input=change)
    errors = getattr(refused.value, "errors", None)
    assert errors and errors[0]["extensions"]["code"] == "BAD_USER_INPUT", refused.value
    assert "ontwikkelpunt" in errors[0]["message"]
    trail = (await run(portal, TRAIL, id=plan["ontwikkelpunten"][0]["id"]))["auditTrail"]["nodes"]
    assert not [r for r in trail if r["gebeurtenis"] == "Ontwikkelpunt.PlanningAangepast"]

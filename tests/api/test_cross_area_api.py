"""Where the areas meet, over HTTP + GraphQL: a planning change made under a
genomen besluit shows the besluit on the ontwikkelpunt and the besluit lists
the change (issue 4, "Done when"); a gemeente plans milestones on its own
ontwikkelpunten and sees them in its plan; the demo's regional point is
adopted by a real besluit of regio Amersfoort."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Planning
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.demo.governance import seed_governance
from service.demo.plans import seed_plans
from service.demo.seed import seed_regios
from service.graphql.relay import object_uuid, to_global_id
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

DORDRECHT = "GM0505"
RESULT = "__typename ... on UserError { code message }"
PLAN = """query($g: String!) { ontwikkelplan(gemeente: $g) { ontwikkelpunten { id
  besluiten { besluitId kenmerk status relatie eventType }
  mijlpalen { titel eigenaarSoort eigenaarId forecast status } } } }"""


def mutation(name: str, input_type: str, payload: str = "") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {RESULT} {payload} }} }}"


def dordrecht_point(runtime: Runtime) -> str:
    gm = Envelope(principal=Principal("official-dordrecht", "D", frozenset({"gemeente"}), gemeente=DORDRECHT))
    runtime.commands.run(
        gm, MaakOntwikkelplan(regio="zhz", gemeente=DORDRECHT, periode="2025-2027", template_versie="2025-02-19")
    )
    kolommen = Kolommen(
        beoogd_resultaat="Elk gezin heeft één plan", planning=Planning(dt.date(2026, 5, 1), "dag"),
        deelstappen=[Deelstap("Werkwijze beschrijven"), Deelstap("Teams trainen")],
    )  # fmt: skip
    punt = runtime.commands.run(gm, VoegOntwikkelpuntToe(
        gemeente=DORDRECHT, periode="2025-2027", basisfunctie=1, thema="BF1-06",
        doel="Veiligheid staat centraal", zelfscan_link="Zelfscan 2024", kolommen=kolommen,
    ))  # fmt: skip
    return str(to_global_id("Ontwikkelpunt", punt.aggregate_id))


@pytest.fixture
async def zhz(runtime: Runtime) -> str:
    def setup() -> tuple[str, int]:
        seed_regios(runtime)
        seed_governance(runtime)
        return dordrecht_point(runtime), runtime.app.recorder.max_notification_id() or 0

    punt, position = await asyncio.to_thread(setup)
    await runtime.wait_for_views(position)
    return punt


async def genomen_besluit(client: httpx.AsyncClient, pb: str, kenmerk: str, take: bool = True) -> str:
    voorstel = {
        "regio": "zhz", "kenmerk": kenmerk, "onderwerp": "Planning jeugdbescherming bijstellen",
        "gremium": "zhz-bo", "beslispunten": ["De planning van het ontwikkelpunt te verschuiven."],
    }  # fmt: skip
    found = await gql(client, pb, mutation("stelBesluitVoor", "StelBesluitVoorInput", BESLUIT_ID), {"input": voorstel})
    bid = str(found["stelBesluitVoor"]["besluit"]["id"])
    if not take:
        return bid
    overleg = await gql(
        client, pb, mutation("planOverleg", "PlanOverlegInput", "... on OverlegPayload { overleg { id } }"),
        {"input": {"gremium": "zhz-bo", "datum": "2025-01-16"}},
    )  # fmt: skip
    tabled = {"besluitId": bid, "overlegId": overleg["planOverleg"]["overleg"]["id"]}
    await gql(client, pb, mutation("agendeerBesluit", "AgendeerBesluitInput"), {"input": tabled})
    taken = await gql(client, pb, mutation("neemBesluit", "NeemBesluitInput", STATUS), {"input": {"besluitId": bid}})
    assert taken["neemBesluit"]["besluit"]["status"] == "GENOMEN"
    return bid


BESLUIT_ID = "... on BesluitPayload { besluit { id } }"
STATUS = "... on BesluitPayload { besluit { status } }"


async def test_a_planning_change_under_a_genomen_besluit_shows_it_on_the_point_and_the_besluit_lists_the_change(
    client: httpx.AsyncClient, token: TokenFactory, zhz: str
) -> None:
    pb, gm = token("programmabureau"), token("gemeente", gemeente=DORDRECHT)
    bid = await genomen_besluit(client, pb, "ZHZ-BO-X-1")
    change = {
        "ontwikkelpunt": zhz, "besluitId": bid, "toelichting": "uitgesteld op besluit van het bestuurlijk overleg",
        "planning": {"gereed": "2027-03-31", "precisie": "DAG"},
    }  # fmt: skip
    done = await gql(client, gm, mutation("legPlanningVast", "LegPlanningVastInput"), {"input": change})
    assert done["legPlanningVast"]["__typename"] == "OntwikkelpuntPayload"
    punt = (await gql(client, gm, PLAN, {"g": DORDRECHT}))["ontwikkelplan"]["ontwikkelpunten"][0]
    assert punt["besluiten"] == [
        {
            "besluitId": bid,
            "kenmerk": "ZHZ-BO-X-1",
            "status": "GENOMEN",
            "relatie": "EFFECT",
            "eventType": "Ontwikkelpunt.PlanningAangepast",
        }
    ]
    query = "query($id: ID!) { besluit(id: $id) { effecten { objectId objectType eventType } } }"
    effecten = (await gql(client, pb, query, {"id": bid}))["besluit"]["effecten"]
    assert effecten == [
        {
            "objectId": zhz,
            "objectType": "Ontwikkelpunt",
            "eventType": "Ontwikkelpunt.PlanningAangepast",
        }
    ]


async def test_a_change_on_a_besluit_that_was_not_taken_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, token: TokenFactory, zhz: str
) -> None:
    pb, gm = token("programmabureau"), token("gemeente", gemeente=DORDRECHT)
    bid = await genomen_besluit(client, pb, "ZHZ-BO-X-2", take=False)
    change = {"ontwikkelpunt": zhz, "besluitId": bid, "planning": {"gereed": "2027-03-31", "precisie": "DAG"}}
    refused = await gql(client, gm, mutation("legPlanningVast", "LegPlanningVastInput"), {"input": change})
    assert refused["legPlanningVast"]["__typename"] == "NotAllowedError"
    assert "niet genomen" in refused["legPlanningVast"]["message"]
    bogus = await gql(
        client, gm, mutation("legPlanningVast", "LegPlanningVastInput"), {"input": {**change, "besluitId": "b-1"}}
    )
    assert bogus["legPlanningVast"]["__typename"] == "ValidationError"
    punt = (await gql(client, gm, PLAN, {"g": DORDRECHT}))["ontwikkelplan"]["ontwikkelpunten"][0]
    assert punt["besluiten"] == []


async def test_a_gemeente_plans_milestones_on_its_own_point_and_its_deelstap_but_not_on_another_gemeentes(
    client: httpx.AsyncClient, token: TokenFactory, zhz: str
) -> None:
    gm, other = token("gemeente", gemeente=DORDRECHT), token("gemeente", gemeente="GM0512")
    payload = "... on MijlpaalPayload { mijlpaal { id regionaal { version } } }"
    nieuw = {"titel": "Werkwijze vastgesteld", "soort": "DOCUMENT_VASTGESTELD", "eigenaarSoort": "ONTWIKKELPUNT"}
    nieuw |= {"eigenaar": zhz, "datum": "2027-03-01", "precisie": "MAAND"}
    planned = await gql(client, gm, mutation("planMijlpaal", "PlanMijlpaalInput", payload), {"input": nieuw})
    mijlpaal = planned["planMijlpaal"]["mijlpaal"]
    stap = {**nieuw, "titel": "Teams getraind", "eigenaarSoort": "DEELSTAP", "eigenaar": f"{zhz}/d2"}
    stap |= {"datum": "2027-09-01"}
    assert (await gql(client, gm, mutation("planMijlpaal", "PlanMijlpaalInput"), {"input": stap}))["planMijlpaal"][
        "__typename"
    ] == "MijlpaalPayload"
    move = {"mijlpaalId": mijlpaal["id"], "naar": "2027-04-01", "precisie": "MAAND", "redenCategorie": "CAPACITEIT"}
    move |= {"reden": "training schuift", "expectedVersion": mijlpaal["regionaal"]["version"]}
    moved = await gql(client, gm, mutation("verplaatsMijlpaal", "VerplaatsMijlpaalInput"), {"input": move})
    assert moved["verplaatsMijlpaal"]["__typename"] == "MijlpaalPayload"
    refused = await gql(
        client, other, mutation("planMijlpaal", "PlanMijlpaalInput"), {"input": nieuw}
    )  # a point one may not write answers like a missing one
    assert refused["planMijlpaal"]["__typename"] == "NotFoundError"
    # Dordrecht's plan is concept: to GM0512 its milestones do not exist (no probing)
    not_moved = await gql(client, other, mutation("verplaatsMijlpaal", "VerplaatsMijlpaalInput"), {"input": move})
    assert not_moved["verplaatsMijlpaal"]["__typename"] == "NotFoundError"
    bad = {**stap, "eigenaar": f"{zhz}/d9"}
    invalid = await gql(client, gm, mutation("planMijlpaal", "PlanMijlpaalInput"), {"input": bad})
    assert invalid["planMijlpaal"]["__typename"] == "ValidationError"
    punt = (await gql(client, gm, PLAN, {"g": DORDRECHT}))["ontwikkelplan"]["ontwikkelpunten"][0]
    owner = str(object_uuid(zhz, "id", "Ontwikkelpunt"))
    assert [(m["titel"], m["eigenaarId"], m["forecast"], m["status"]) for m in punt["mijlpalen"]] == [
        ("Werkwijze vastgesteld", owner, "2027-04-01", "VERTRAAGD"),
        ("Teams getraind", f"{owner}/d2", "2027-09-01", "GEPLAND"),
    ]


@pytest.fixture
async def amersfoort(runtime: Runtime) -> None:
    def setup() -> int:
        seed_regios(runtime)
        seed_governance(runtime)
        seed_plans(runtime)
        return runtime.app.recorder.max_notification_id() or 0

    await runtime.wait_for_views(await asyncio.to_thread(setup))


async def test_the_demo_regional_point_is_adopted_by_a_real_besluit_of_the_bosd_that_lists_it(
    client: httpx.AsyncClient, token: TokenFactory, amersfoort: Any
) -> None:
    gm = token("gemeente", gemeente="GM0307")
    query = 'query { regionaleOntwikkelpunten(regio: "amersfoort") { id besluitId } }'
    punten = (await gql(client, gm, query))["regionaleOntwikkelpunten"]
    adopted = next(p for p in punten if p["besluitId"])
    register = """query($id: ID!) { besluit(id: $id) { kenmerk gremium status
      effecten { objectId eventType } } }"""
    besluit = (await gql(client, gm, register, {"id": adopted["besluitId"]}))["besluit"]
    assert (besluit["kenmerk"], besluit["gremium"], besluit["status"]) == ("AMF-BOSD-2025-03", "amf-bosd", "GENOMEN")
    assert besluit["effecten"] == [
        {
            "objectId": adopted["id"],
            "eventType": "RegionaalOntwikkelpunt.Vastgesteld",
        }
    ]

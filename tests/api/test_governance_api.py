"""Governance over HTTP + GraphQL on the ZHZ demo (seed 002): every "Done
when" of issue 4, authorization, and for every mutation bad input, a stale
expected version (or a duplicate) and a role that may not write."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from domain.besluit import besluit_id
from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.overleg import overleg_id
from domain.plan_values import Planning
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.graphql.relay import to_global_id
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
RESULT = """__typename ... on UserError { code message } ... on ConflictError { currentVersion }
  ... on ValidationError { problems { field } }"""
MANDATE = "... on MandateRefusedError { regel escaleerNaar rule escalateTo }"
BESLUIT = """id kenmerk gremium status datum mandaatRegel version kaderFinancieel doorgeleidVan
  beslispunten { nummer uitkomst } adviezen { adviseur standpunt toelichting } koppelingen { soort objectId }
  effecten { objectId objectType eventType } historie { stap correctieVan } woo { status datum grond }"""
KADER_BESLUIT = str(besluit_id("zhz", "ZHZ-BO-2022-04"))
AO_NOV = str(overleg_id("zhz-ao", dt.date(2022, 11, 24)))


def m(name: str, input_type: str, payload: str = "") -> str:
    extra = "" if input_type in GENERIC or input_type == "LegPlanningVastInput" else MANDATE
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {RESULT} {extra} {payload} }} }}"


BESLUIT_M = f"... on BesluitPayload {{ version besluit {{ {BESLUIT} }} }}"
LIJST = (
    "query($g: String, $k: Kaderfilter, $o: String) { besluitenlijst(gremium: $g, kader: $k, objectId: $o) {"
    f" totalCount nodes {{ {BESLUIT} }} }} }}"
)
MATRIX = """query($d: Date!) { mandaatmatrix(regio: "zhz", datum: $d) { versie
  cellen { gremium soort bevoegdheid regel } } }"""


def zhz_point(runtime: Runtime) -> str:
    gm = Envelope(principal=Principal("official-dordrecht", "D", frozenset({"gemeente"}), gemeente="GM0505"))
    runtime.commands.run(
        gm, MaakOntwikkelplan(regio="zhz", gemeente="GM0505", periode="2025-2027", template_versie="2025-02-19")
    )
    kolommen = Kolommen(
        beoogd_resultaat="R", planning=Planning(dt.date(2026, 5, 1), "dag"), deelstappen=[Deelstap("A")]
    )
    punt = runtime.commands.run(
        gm,
        VoegOntwikkelpuntToe(
            gemeente="GM0505",
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel="Veiligheid",
            zelfscan_link="Zelfscan",
            kolommen=kolommen,
        ),
    )
    return str(to_global_id("Ontwikkelpunt", punt.aggregate_id))


@pytest.fixture
async def zhz(runtime: Runtime) -> dict[str, Any]:
    def setup() -> dict[str, Any]:
        seed_regios(runtime)
        seed_governance(runtime)
        return {"punt": zhz_point(runtime), "position": runtime.app.recorder.max_notification_id() or 0}

    given = await asyncio.to_thread(setup)
    await runtime.wait_for_views(given["position"])
    return given


async def call(client: httpx.AsyncClient, tok: str, name: str, input_type: str, data: dict[str, Any]) -> Any:
    payload = BESLUIT_M if input_type not in GENERIC and input_type != "MandaatInput" else ""
    return (await gql(client, tok, m(name, input_type, payload), {"input": data}))[name]


BAD_USER_INPUT = "BAD_USER_INPUT"
"""A value outside a closed list: the schema refuses it before any command runs."""


async def schema_refusal(client: httpx.AsyncClient, tok: str, name: str, input_type: str, data: Any) -> list[Any]:
    payload = BESLUIT_M if input_type not in GENERIC and input_type != "MandaatInput" else ""
    body = {"query": m(name, input_type, payload), "variables": {"input": data}}
    response = await client.post("/v1/graphql", json=body, headers={"authorization": f"Bearer {tok}"})
    assert response.status_code == 200, response.text
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


GENERIC = {
    "StelGremiumInInput",
    "WijzigGremiumInput",
    "WijzigZetelInput",
    "VoegGremiaSamenInput",
    "PlanOverlegInput",
    "AgendeerPuntInput",
    "LegAanwezigheidVastInput",
    "OntvangRapportageInput",
    "OverlegStapInput",
}


async def propose(client: httpx.AsyncClient, tok: str, kenmerk: str, gremium: str, **extra: Any) -> Any:
    data = {
        "regio": "zhz",
        "kenmerk": kenmerk,
        "onderwerp": f"Besluit {kenmerk}",
        "gremium": gremium,
        "beslispunten": ["Eerste punt", "Tweede punt"],
        **extra,
    }
    return await call(client, tok, "stelBesluitVoor", "StelBesluitVoorInput", data)


async def plan(client: httpx.AsyncClient, tok: str, gremium: str, datum: str) -> str:
    r = await gql(
        client,
        tok,
        m("planOverleg", "PlanOverlegInput", "... on OverlegPayload { overleg { id } }"),
        {"input": {"gremium": gremium, "datum": datum}},
    )
    return str(r["planOverleg"]["overleg"]["id"])


async def table_and_take(client: httpx.AsyncClient, tok: str, bid: str, overleg: str, **extra: Any) -> Any:
    await call(client, tok, "agendeerBesluit", "AgendeerBesluitInput", {"besluitId": bid, "overlegId": overleg})
    return await call(client, tok, "neemBesluit", "NeemBesluitInput", {"besluitId": bid, **extra})


async def test_a_financial_kader_change_is_refused_in_the_ambtelijk_and_accepted_in_the_bestuurlijk_overleg(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    link = {"soort": "BEGROTINGSREGEL", "objectId": "zhz-uitvoeringskosten"}
    b = await propose(client, pb, "ZHZ-T-1", "zhz-ao", kaderFinancieel=True, koppelingen=[link])
    bid = b["besluit"]["id"]
    om = {
        "besluitId": bid,
        "adviseur": "Openbaar Ministerie",
        "adviseurSoort": "ORGANISATIE",
        "standpunt": "MET_VOORBEHOUD",
        "opmerkingen": "kies een eenvoudiger stelsel",
        "datum": "2022-11-01",
    }
    await call(client, pb, "geefAdvies", "GeefAdviesInput", om)
    refused = await table_and_take(client, pb, bid, AO_NOV)
    assert refused["__typename"] == "MandateRefusedError"
    assert (refused["regel"], refused["escaleerNaar"]) == ("M2-alleen-bestuurlijk-overleg", "zhz-bo")
    assert (refused["rule"], refused["escalateTo"]) == (refused["regel"], refused["escaleerNaar"])  # deprecated
    assert "M2-alleen-bestuurlijk-overleg" in refused["message"]
    escalated = await call(
        client, pb, "neemBesluit", "NeemBesluitInput", {"besluitId": bid, "doorleidenBijWeigering": True}
    )
    assert (escalated["besluit"]["status"], escalated["besluit"]["gremium"]) == ("DOORGELEID", "zhz-bo")
    bo = await plan(client, pb, "zhz-bo", "2022-12-15")
    taken = await table_and_take(client, pb, bid, bo)
    assert (taken["besluit"]["status"], taken["besluit"]["mandaatRegel"]) == (
        "GENOMEN",
        "M2-bestuurlijk-overleg-kaders",
    )
    change = {"ontwikkelpunt": zhz["punt"], "besluitId": bid, "planning": {"gereed": "2026-12-31", "precisie": "DAG"}}
    await gql(client, pb, m("legPlanningVast", "LegPlanningVastInput"), {"input": change})
    lijst = (await gql(client, pb, LIJST, {"g": "zhz-bo", "k": "FINANCIEEL"}))["besluitenlijst"]
    entry = next(n for n in lijst["nodes"] if n["id"] == bid)
    assert entry["adviezen"] == [
        {
            "adviseur": "Openbaar Ministerie",
            "standpunt": "MET_VOORBEHOUD",
            "toelichting": "kies een eenvoudiger stelsel",
        }
    ]
    assert entry["koppelingen"] == [link]
    assert [e["objectType"] for e in entry["effecten"]] == ["Ontwikkelpunt"]


async def test_a_superseded_body_cannot_decide_and_an_advisory_body_can_only_advise(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    nieuw = {
        "code": "zhz-sg-oud",
        "regio": "zhz",
        "naam": "Oude stuurgroep",
        "type": "BESTUURLIJK",
        "cadans": "ad_hoc",
        "ingesteldOp": "2020-01-01",
    }
    await call(client, pb, "stelGremiumIn", "StelGremiumInInput", nieuw)
    overleg = await plan(client, pb, "zhz-sg-oud", "2022-03-01")
    bid = (await propose(client, pb, "ZHZ-T-2", "zhz-sg-oud"))["besluit"]["id"]
    await call(client, pb, "agendeerBesluit", "AgendeerBesluitInput", {"besluitId": bid, "overlegId": overleg})
    merge = {"bronnen": ["zhz-sg-oud"], "opvolger": "zhz-bo", "datum": "2022-02-01", "besluitId": KADER_BESLUIT}
    assert (await call(client, pb, "voegGremiaSamen", "VoegGremiaSamenInput", merge))["__typename"] == "GremiumPayload"
    refused = await call(client, pb, "neemBesluit", "NeemBesluitInput", {"besluitId": bid})
    assert (refused["__typename"], refused["regel"], refused["escaleerNaar"]) == (
        "MandateRefusedError",
        "opgeheven-gremium",
        "zhz-bo",
    )
    kbg = (await propose(client, pb, "ZHZ-T-3", "zhz-klankbordgroep"))["besluit"]["id"]
    refused = await table_and_take(client, pb, kbg, await plan(client, pb, "zhz-klankbordgroep", "2022-12-01"))
    assert (refused["__typename"], refused["regel"]) == ("MandateRefusedError", "advies-adviseert")
    target = (await propose(client, pb, "ZHZ-T-4", "zhz-bo"))["besluit"]["id"]
    advice = {
        "besluitId": target,
        "adviseur": "zhz-klankbordgroep",
        "adviseurSoort": "GREMIUM",
        "standpunt": "POSITIEF",
        "datum": "2022-12-01",
    }
    given = await call(client, pb, "geefAdvies", "GeefAdviesInput", advice)
    assert given["besluit"]["adviezen"][0]["adviseur"] == "zhz-klankbordgroep"
    advice["adviseur"] = "zhz-sg-voit"
    assert (await call(client, pb, "geefAdvies", "GeefAdviesInput", advice))["regel"] == "opgeheven-gremium"


NEW_RULES = [
    {
        "code": "opgeheven-gremium",
        "omschrijving": "opgeheven gremia besluiten niet",
        "bevoegdheid": "GEEN",
        "status": "OPGEHEVEN",
    },
    {
        "code": "ao-financieel-tot-20k",
        "omschrijving": "het ambtelijk overleg verschuift budget",
        "bevoegdheid": "BESLUIT",
        "gremium": "zhz-ao",
    },
    {
        "code": "bo-alles",
        "omschrijving": "het bestuurlijk overleg besluit",
        "bevoegdheid": "BESLUIT",
        "gremium": "zhz-bo",
    },
]


async def test_changing_a_mandate_rule_by_a_recorded_besluit_applies_from_its_date_and_the_matrix_keeps_the_old(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    change = {"regio": "zhz", "geldigVanaf": "2023-01-01", "regels": NEW_RULES}
    assert (await call(client, pb, "wijzigMandaat", "MandaatInput", change))["__typename"] == "NotAllowedError"
    ao_besluit = str(besluit_id("zhz", "ZHZ-AO-2022-06"))
    weak = await call(client, pb, "wijzigMandaat", "MandaatInput", {**change, "besluitId": ao_besluit})
    assert weak["__typename"] == "NotAllowedError" and "M2-alleen-bestuurlijk-overleg" in weak["message"]
    ok = await gql(
        client,
        pb,
        m("wijzigMandaat", "MandaatInput", "... on MandaatPayload { matrix { versie } }"),
        {"input": {**change, "besluitId": KADER_BESLUIT}},
    )
    assert ok["wijzigMandaat"]["matrix"]["versie"] == 3

    def ao(matrix: dict[str, Any]) -> tuple[str, str]:
        cel = next(c for c in matrix["cellen"] if c["gremium"] == "zhz-ao" and c["soort"] == "KADER_FINANCIEEL")
        return cel["bevoegdheid"], cel["regel"]

    before = (await gql(client, pb, MATRIX, {"d": "2022-12-31"}))["mandaatmatrix"]
    after = (await gql(client, pb, MATRIX, {"d": "2023-02-01"}))["mandaatmatrix"]
    assert (before["versie"], ao(before)) == (2, ("GEEN", "M2-alleen-bestuurlijk-overleg"))
    assert (after["versie"], ao(after)) == (3, ("BESLUIT", "ao-financieel-tot-20k"))
    bid = (await propose(client, pb, "ZHZ-T-5", "zhz-ao", kaderFinancieel=True))["besluit"]["id"]
    refused = await table_and_take(client, pb, bid, AO_NOV)
    assert refused["regel"] == "M2-alleen-bestuurlijk-overleg"
    await call(client, pb, "houdBesluitAan", "BesluitRedenInput", {"besluitId": bid, "reden": "na 1 januari"})
    taken = await table_and_take(client, pb, bid, await plan(client, pb, "zhz-ao", "2023-01-19"))
    assert (taken["besluit"]["status"], taken["besluit"]["mandaatRegel"]) == ("GENOMEN", "ao-financieel-tot-20k")


async def test_a_planning_change_under_a_besluit_shows_the_besluit_on_the_point_and_the_besluit_lists_it(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    bid = await propose(client, pb, "ZHZ-T-6", "zhz-ao", koppelingen=[{"soort": "ONTWIKKELPUNT", "objectId": "x"}])
    bid = bid["besluit"]["id"]
    assert (await table_and_take(client, pb, bid, AO_NOV))["besluit"]["status"] == "GENOMEN"
    change = {
        "ontwikkelpunt": zhz["punt"],
        "besluitId": bid,
        "toelichting": "uitgesteld",
        "planning": {"gereed": "2027-03-31", "precisie": "DAG"},
    }
    await gql(client, pb, m("legPlanningVast", "LegPlanningVastInput"), {"input": change})
    history = await gql(
        client, pb, "query($id: ID!) { planningHistorie(ontwikkelpunt: $id) { besluitId } }", {"id": zhz["punt"]}
    )
    assert history["planningHistorie"][-1]["besluitId"] == bid
    query = f"query($id: ID!) {{ besluit(id: $id) {{ {BESLUIT} }} }}"
    entry = (await gql(client, pb, query, {"id": bid}))["besluit"]
    assert [e["eventType"] for e in entry["effecten"]] == ["Ontwikkelpunt.PlanningAangepast"]
    punt_id = entry["effecten"][0]["objectId"]
    back = await gql(
        client, pb, "query($o: String!) { besluitenVoorObject(objectId: $o) { besluitId relatie } }", {"o": punt_id}
    )
    assert back["besluitenVoorObject"] == [{"besluitId": bid, "relatie": "EFFECT"}]
    paged = """query($o: String!, $first: Int, $after: String, $last: Int, $before: String) {
      besluitenVoorObjectConnection(objectId: $o, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { besluitId relatie } } }"""
    for key in (punt_id, zhz["punt"]):  # the global id as the effect names it, and as the plan gives it
        page = (await gql(client, pb, paged, {"o": key, "first": 1}))["besluitenVoorObjectConnection"]
        assert page["nodes"] == [{"besluitId": bid, "relatie": "EFFECT"}] and page["totalCount"] == 1
        assert page["pageInfo"]["hasNextPage"] is False
    back = (await gql(client, pb, paged, {"o": punt_id, "last": 1}))["besluitenVoorObjectConnection"]
    assert back["nodes"] == page["nodes"] and back["pageInfo"]["hasPreviousPage"] is False


async def test_secretaries_record_only_their_own_bodies_and_gemeenten_read_what_concerns_them(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    sec_ao = token("secretaris", name="sec-ao", gremia=["zhz-ao"])
    assert (await propose(client, sec_ao, "ZHZ-T-7", "zhz-ao", betreftGemeenten=["GM0505"]))[
        "__typename"
    ] == "BesluitPayload"
    assert (await propose(client, sec_ao, "ZHZ-T-8", "zhz-bo"))["__typename"] == "NotAllowedError"
    gm = token("gemeente", "GM0505")
    assert (await propose(client, gm, "ZHZ-T-9", "zhz-ao"))["__typename"] == "NotAllowedError"
    own = (await gql(client, gm, LIJST, {"g": "zhz-ao"}))["besluitenlijst"]["nodes"]
    other = (await gql(client, token("gemeente", "GM0482"), LIJST, {"g": "zhz-ao"}))["besluitenlijst"]["nodes"]
    assert "ZHZ-T-7" in [n["kenmerk"] for n in own] and "ZHZ-T-7" not in [n["kenmerk"] for n in other]
    amersfoort = (await gql(client, token("gemeente", "GM0307"), LIJST, {}))["besluitenlijst"]
    assert [n["kenmerk"] for n in amersfoort["nodes"]] == ["AMF-BOSD-2025-03"]  # only its own regio's besluit
    auditor = (await gql(client, token("auditor"), LIJST, {}))["besluitenlijst"]
    assert auditor["totalCount"] == 5 + 1  # regio zhz, and the amersfoort demo besluit
    response = await client.post(
        "/v1/graphql",
        json={"query": '{ vergaderkalender(regio: "zhz") { peildatum } }'},
        headers={"authorization": f"Bearer {gm}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ALLOWED"
    pack = await gql(
        client,
        token("overleg"),
        "query($id: ID!) { agendapakket(overlegId: $id) { agenda { soort toestand } } }",
        {"id": str(overleg_id("zhz-bo", dt.date(2022, 10, 13)))},
    )
    assert pack["agendapakket"]["agenda"][1] == {"soort": "BESLUIT", "toestand": "genomen op 2022-10-13"}


def cases(proposed: str) -> list[tuple[str, str, dict[str, Any], list[tuple[dict[str, Any], str]]]]:
    """Per mutation: a valid base input and (overrides, expected error) for bad input and a conflict."""
    stale: tuple[dict[str, Any], str] = ({"expectedVersion": 999}, "ConflictError")
    gremium = {
        "code": "zhz-nieuw",
        "regio": "zhz",
        "naam": "Nieuw",
        "type": "ADVIES",
        "cadans": "ad_hoc",
        "ingesteldOp": "2023-01-01",
    }
    mandaat = {"regio": "zhz", "geldigVanaf": "2023-01-01", "regels": NEW_RULES, "besluitId": KADER_BESLUIT}
    stap = {"besluitId": proposed}
    geen_id = ({"besluitId": "geen-uuid"}, "ValidationError")
    return [
        (
            "stelGremiumIn",
            "StelGremiumInInput",
            gremium,
            [
                ({"code": "X!"}, "ValidationError"),
                ({"type": "raar"}, BAD_USER_INPUT),
                ({"code": "zhz-bo"}, "ValidationError"),
            ],
        ),
        (
            "wijzigGremium",
            "WijzigGremiumInput",
            {"code": "zhz-ao", "cadans": "maand"},
            [({"cadans": "soms"}, "ValidationError"), stale],
        ),
        (
            "wijzigZetel",
            "WijzigZetelInput",
            {"gremium": "zhz-ao", "organisatie": "P", "zetel": {"organisatie": "P"}},
            [({"organisatie": " ", "zetel": {"organisatie": " "}}, "ValidationError"), stale],
        ),
        (
            "voegGremiaSamen",
            "VoegGremiaSamenInput",
            {"bronnen": ["zhz-spt-monitoren"], "opvolger": "zhz-programmateam", "datum": "2023-01-01"},
            [({"bronnen": []}, "ValidationError"), ({"opvolger": "zhz-onbekend"}, "NotFoundError")],
        ),
        (
            "stelMandaatVast",
            "MandaatInput",
            {**mandaat, "besluitId": None},
            [({"regels": []}, "ValidationError"), ({}, "ValidationError")],
        ),
        ("wijzigMandaat", "MandaatInput", mandaat, [({"regels": []}, "ValidationError"), stale]),
        (
            "planOverleg",
            "PlanOverlegInput",
            {"gremium": "zhz-ao", "datum": "2023-02-02"},
            [({"gremium": "zhz-sg-voit"}, "InvalidTransitionError"), ({"datum": "2022-11-24"}, "ValidationError")],
        ),
        (
            "agendeerPunt",
            "AgendeerPuntInput",
            {"overlegId": AO_NOV, "onderwerp": "X", "soort": "ONDERWERP"},
            [({"soort": "raar"}, BAD_USER_INPUT), ({"onderwerp": " "}, "ValidationError"), stale],
        ),
        (
            "legAanwezigheidVast",
            "LegAanwezigheidVastInput",
            {"overlegId": AO_NOV, "aanwezigen": [{"organisatie": "A"}]},
            [({"aanwezigen": []}, "ValidationError"), stale],
        ),
        (
            "ontvangRapportage",
            "OntvangRapportageInput",
            {"overlegId": AO_NOV, "soort": "VOORTGANG", "door": "programmamanager", "onderwerp": "Q4"},
            [({"soort": "raar"}, BAD_USER_INPUT), ({"door": " "}, "ValidationError"), stale],
        ),
        (
            "houdOverleg",
            "OverlegStapInput",
            {"overlegId": AO_NOV},
            [({"overlegId": str(overleg_id("zhz-bo", dt.date(2022, 10, 13)))}, "InvalidTransitionError"), stale],
        ),
        (
            "legNotulenVast",
            "OverlegStapInput",
            {"overlegId": AO_NOV, "notulen": "n"},
            [({"notulen": " "}, "ValidationError"), stale],
        ),
        (
            "annuleerOverleg",
            "OverlegStapInput",
            {"overlegId": AO_NOV, "reden": "r"},
            [({"reden": " "}, "ValidationError"), stale],
        ),
        (
            "stelBesluitVoor",
            "StelBesluitVoorInput",
            {"regio": "zhz", "kenmerk": "ZHZ-T-N", "onderwerp": "O", "gremium": "zhz-ao", "beslispunten": ["B"]},
            [
                ({"kenmerk": " ", "beslispunten": []}, "ValidationError"),
                ({"kenmerk": "ZHZ-BO-2022-04"}, "ValidationError"),
            ],
        ),
        (
            "geefAdvies",
            "GeefAdviesInput",
            {**stap, "adviseur": "VT", "adviseurSoort": "ORGANISATIE", "standpunt": "POSITIEF", "datum": "2022-12-01"},
            [({"standpunt": "raar"}, BAD_USER_INPUT), ({"adviseur": " "}, "ValidationError"), stale],
        ),
        (
            "koppelBesluit",
            "KoppelBesluitInput",
            {**stap, "soort": "PROJECT", "objectId": "p"},
            [({"soort": "raar"}, BAD_USER_INPUT), ({"objectId": " "}, "ValidationError"), stale],
        ),
        (
            "agendeerBesluit",
            "AgendeerBesluitInput",
            {**stap, "overlegId": AO_NOV},
            [({"overlegId": "geen-uuid"}, "ValidationError"), stale],
        ),
        ("neemBesluit", "NeemBesluitInput", stap, [geen_id, stale]),
        ("verwerpBesluit", "BesluitRedenInput", {**stap, "reden": "r"}, [geen_id, stale]),
        ("houdBesluitAan", "BesluitRedenInput", {**stap, "reden": "r"}, [geen_id, stale]),
        (
            "leidBesluitDoor",
            "LeidBesluitDoorInput",
            {**stap, "naar": "zhz-ao", "reden": "r"},
            [({"naar": "zhz-bo"}, "ValidationError"), stale],
        ),
        (
            "corrigeerBesluit",
            "CorrigeerBesluitInput",
            {"besluitId": KADER_BESLUIT, "correctieVan": 11, "reden": "r", "onderwerp": "O"},
            [({"correctieVan": 99, "reden": " "}, "ValidationError"), stale],
        ),
        (
            "wijzigWooStatus",
            "WijzigWooStatusInput",
            {"besluitId": KADER_BESLUIT, "status": "NIET_OPENBAAR", "grond": "g"},
            [({"status": "geheim"}, BAD_USER_INPUT), ({"status": "GEPUBLICEERD"}, "ValidationError"), stale],
        ),
    ]


async def test_every_mutation_refuses_bad_input_a_stale_version_and_a_role_that_may_not_write(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    others = token("secretaris", name="sec-kbg", gremia=["zhz-klankbordgroep"])
    proposed = (await propose(client, pb, "ZHZ-T-10", "zhz-bo"))["besluit"]["id"]
    for name, input_type, base, refusals in cases(proposed):
        for overrides, expected in refusals:
            if expected == BAD_USER_INPUT:
                codes = await schema_refusal(client, pb, name, input_type, {**base, **overrides})
                assert codes == [BAD_USER_INPUT], (name, overrides, codes)
                continue
            result = await call(client, pb, name, input_type, {**base, **overrides})
            assert result["__typename"] == expected, (name, overrides, result)
        refused = await call(client, others, name, input_type, base)
        assert refused["__typename"] == "NotAllowedError", (name, refused)
        assert refused["message"], name


async def test_a_retry_with_the_same_idempotency_key_records_a_besluit_once(
    client: httpx.AsyncClient, token: TokenFactory, zhz: dict[str, Any]
) -> None:
    pb = token("programmabureau")
    first = await propose(client, pb, "ZHZ-T-11", "zhz-ao", idempotencyKey="k-1", toelichting="waarom")
    again = await propose(client, pb, "ZHZ-T-11", "zhz-ao", idempotencyKey="k-1", toelichting="waarom")
    assert first == again and first["__typename"] == "BesluitPayload"


async def test_the_gremia_connection_pages_both_ways_with_the_same_total_as_the_old_list(
    client: httpx.AsyncClient, zhz: dict[str, Any], token: TokenFactory
) -> None:
    tok = token("programmabureau")
    listed = [g["code"] for g in (await gql(client, tok, "{ gremia { code } }"))["gremia"]]
    page = """query($first: Int, $last: Int) { gremiaConnection(first: $first, last: $last) { totalCount
      nodes { code zetels { organisatie } } pageInfo { hasNextPage hasPreviousPage } } }"""
    head = (await gql(client, tok, page, {"first": 2}))["gremiaConnection"]
    tail = (await gql(client, tok, page, {"last": 2}))["gremiaConnection"]
    assert len(listed) > 2 and head["totalCount"] == tail["totalCount"] == len(listed)
    assert [g["code"] for g in head["nodes"]] == listed[:2] and head["pageInfo"]["hasNextPage"]
    assert [g["code"] for g in tail["nodes"]] == listed[-2:] and tail["pageInfo"]["hasPreviousPage"]

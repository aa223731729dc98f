"""Ontwikkelplannen over HTTP + GraphQL: the portal scenario, concurrency,
idempotency, authorization between gemeenten, and for every mutation: bad
input, a stale expected version and a role that may not write."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import psycopg
import pytest

from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Planning
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.graphql.relay import to_global_id
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
AMERSFOORT = Principal("official-amersfoort-beleid-1", "A", frozenset({"gemeente"}), gemeente="GM0307")
RESULT = """__typename ... on UserError { code message } ... on ConflictError { currentVersion }
 ... on ValidationError { problems { field message } }"""
POINT_FIELDS = """id doel zelfscanLink beoogdResultaat indicatoren andersLerenDoen verbeteractie uitvoerder status
 version deelstappen { id volgorde tekst gepland afgerondOp } kosten { bedrag omschrijving dekking begrotingsjaar }
 planning { start gereed precisie } laatsteStandVanZaken { volgnummer peildatum tekst signaal baseline } hygiene"""


def mutation(name: str, input_type: str, payload: str = "") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {RESULT} {payload} }} }}"


def point_mutation(name: str, input_type: str) -> str:
    return mutation(
        name, input_type, f"... on OntwikkelpuntPayload {{ version position ontwikkelpunt {{ {POINT_FIELDS} }} }}"
    )


PLAN = f"""query($g: String!) {{ ontwikkelplan(gemeente: $g) {{ status titel templateVersie version
  ontwikkelpunten {{ {POINT_FIELDS} }} regionaleOntwikkelpunten {{ doel voortgang {{ gemeente }} }} }} }}"""
TIMELINE = """query($id: ID!) { standVanZakenTijdlijn(id: $id) {
  edges { node { volgnummer peildatum tekst signaal baseline auteur } } } }"""
HISTORY = """query($id: ID!) { planningHistorie(ontwikkelpunt: $id) {
  aangepast toelichting planning { gereed precisie } } }"""
REGIOBEELD = """query { regiobeeld(regio: "amersfoort") {
  gemeente basisfunctie concept opKoers aandachtNodig achter laatstePeildatum } }"""


def setup(runtime: Runtime) -> dict[str, Any]:
    """Regio Amersfoort with two gemeenten, Amersfoort's concept plan with one
    concept point (two deelstappen), and one regional point."""
    pb = Envelope(principal=PB)
    runtime.commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    for code, naam in (("GM0307", "Amersfoort"), ("GM0308", "Baarn")):
        runtime.commands.run(pb, RegistreerGemeente(regio="amersfoort", code=code, naam=naam))
    gm = Envelope(principal=AMERSFOORT)
    runtime.commands.run(
        gm, MaakOntwikkelplan(regio="amersfoort", gemeente="GM0307", periode="2025-2027", template_versie="2025-02-19")
    )
    kolommen = Kolommen(
        beoogd_resultaat="R", planning=Planning(dt.date(2026, 5, 1), "dag"), deelstappen=[Deelstap("A"), Deelstap("B")]
    )
    punt = runtime.commands.run(
        gm,
        VoegOntwikkelpuntToe(
            gemeente="GM0307",
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel="Doel",
            zelfscan_link="Zelfscan",
            kolommen=kolommen,
        ),
    )
    regionaal = runtime.commands.run(
        pb,
        StelRegionaalOntwikkelpuntVast(
            regio="amersfoort",
            basisfunctie=1,
            thema="BF1-08",
            doel="Scholing",
            beoogd_resultaat="Iedereen geschoold",
            indicatoren=[],
        ),
    )
    return {
        "punt": to_global_id("Ontwikkelpunt", punt.aggregate_id),
        "version": punt.version,
        "regionaal": to_global_id("RegionaalOntwikkelpunt", regionaal.aggregate_id),
        "position": regionaal.position,
    }


async def given(runtime: Runtime) -> dict[str, Any]:
    s = await asyncio.to_thread(setup, runtime)
    await runtime.wait_for_views(s["position"])
    return s


async def test_a_gemeente_portal_adds_a_point_and_keeps_it_up_to_date(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await given(runtime)
    gm = token("gemeente", "GM0307")
    add = {
        "gemeente": "GM0307",
        "basisfunctie": 5,
        "thema": "BF5-2",
        "doel": "Wij voeren een caseloadnorm in.",
        "zelfscanLink": "Zelfscan BF5 thema 2",
        "beoogdResultaat": "Norm vastgesteld",
        "indicatoren": ["Norm"],
        "andersLerenDoen": "Teamleiders leren sturen op werkdruk",
        "verbeteractie": "Norm bepalen en invoeren",
        "deelstappen": [
            {"tekst": "Meten", "gepland": "2025-04-01"},
            {"tekst": "Norm vaststellen"},
            {"tekst": "Invoeren"},
        ],
        "kosten": {
            "bedrag": "15000.50",
            "omschrijving": "Inwerkprogramma",
            "dekking": "Ontwikkelbudget",
            "begrotingsjaar": 2026,
        },
        "uitvoerder": "Teamleider lokaal team",
        "planning": {"start": "2025-03-01", "gereed": "2026-06-30", "precisie": "DAG"},
    }
    added = (
        await gql(client, gm, point_mutation("voegOntwikkelpuntToe", "VoegOntwikkelpuntToeInput"), {"input": add})
    )["voegOntwikkelpuntToe"]
    assert added["__typename"] == "OntwikkelpuntPayload", added
    punt, version = added["ontwikkelpunt"]["id"], added["version"]
    assert [d["tekst"] for d in added["ontwikkelpunt"]["deelstappen"]] == ["Meten", "Norm vaststellen", "Invoeren"]
    reorder = {"ontwikkelpunt": punt, "expectedVersion": version, "volgorde": ["d2", "d1", "d3"]}
    r = await gql(client, gm, point_mutation("herordenDeelstappen", "HerordenDeelstappenInput"), {"input": reorder})
    version = r["herordenDeelstappen"]["version"]
    for i, (peildatum, signaal) in enumerate(
        (("2025-03-15", "AANDACHT_NODIG"), ("2025-06-01", "OP_KOERS"), ("2025-09-01", "ACHTER"))
    ):
        stand = {"peildatum": peildatum, "tekst": f"Stand {i + 1}", "signaal": signaal}
        r = await gql(
            client,
            gm,
            point_mutation("werkStandVanZakenBij", "WerkStandVanZakenBijInput"),
            {"input": {"ontwikkelpunt": punt, "expectedVersion": version, "standVanZaken": stand}},
        )
        version = r["werkStandVanZakenBij"]["version"]
    change = {
        "ontwikkelpunt": punt,
        "expectedVersion": version,
        "toelichting": "capaciteit lokaal team",
        "planning": {"gereed": "2026-09-30", "precisie": "DAG"},
    }
    r = await gql(client, gm, point_mutation("legPlanningVast", "LegPlanningVastInput"), {"input": change})
    assert r["legPlanningVast"]["ontwikkelpunt"]["planning"]["gereed"] == "2026-09-30"

    plan = (await gql(client, gm, PLAN, {"g": "GM0307"}))["ontwikkelplan"]
    mine = next(p for p in plan["ontwikkelpunten"] if p["id"] == punt)
    assert [d["tekst"] for d in mine["deelstappen"]] == ["Norm vaststellen", "Meten", "Invoeren"]
    assert mine["kosten"] == {
        "bedrag": "15000.50",
        "omschrijving": "Inwerkprogramma",
        "dekking": "Ontwikkelbudget",
        "begrotingsjaar": 2026,
    }
    assert mine["laatsteStandVanZaken"]["tekst"] == "Stand 3" and mine["laatsteStandVanZaken"]["signaal"] == "ACHTER"
    assert (mine["andersLerenDoen"], mine["uitvoerder"], mine["zelfscanLink"]) == (
        add["andersLerenDoen"],
        add["uitvoerder"],
        add["zelfscanLink"],
    )
    assert plan["regionaleOntwikkelpunten"][0]["doel"] == "Scholing"
    timeline = (await gql(client, gm, TIMELINE, {"id": punt}))["standVanZakenTijdlijn"]["edges"]
    assert [(e["node"]["peildatum"], e["node"]["baseline"]) for e in timeline] == [
        ("2025-03-15", True),
        ("2025-06-01", False),
        ("2025-09-01", False),
    ]
    assert {e["node"]["auteur"] for e in timeline} == {"gemeente-GM0307-Test"}
    history = (await gql(client, gm, HISTORY, {"id": punt}))["planningHistorie"]
    assert [(h["aangepast"], h["toelichting"], h["planning"]["gereed"]) for h in history] == [
        (False, None, "2026-06-30"),
        (True, "capaciteit lokaal team", "2026-09-30"),
    ]
    cells = (await gql(client, gm, REGIOBEELD))["regiobeeld"]
    bf5 = next(c for c in cells if c["gemeente"] == "GM0307" and c["basisfunctie"] == 5)
    assert (bf5["concept"], bf5["achter"], bf5["laatstePeildatum"]) == (1, 1, "2025-09-01")


LEG_UITVOERDER = point_mutation("legUitvoerderVast", "LegUitvoerderVastInput")


async def test_two_concurrent_updates_with_the_same_expected_version_one_wins_one_conflicts(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm = token("gemeente", "GM0307")
    inputs = [
        {"input": {"ontwikkelpunt": s["punt"], "expectedVersion": s["version"], "uitvoerder": u}} for u in ("X", "Y")
    ]
    results = await asyncio.gather(*(gql(client, gm, LEG_UITVOERDER, v) for v in inputs))
    kinds = sorted(r["legUitvoerderVast"]["__typename"] for r in results)
    assert kinds == ["ConflictError", "OntwikkelpuntPayload"]
    winner = next(r["legUitvoerderVast"] for r in results if "ontwikkelpunt" in r["legUitvoerderVast"])
    loser = next(r["legUitvoerderVast"] for r in results if "currentVersion" in r["legUitvoerderVast"])
    assert loser["currentVersion"] == winner["version"] == s["version"] + 1
    with psycopg.connect(runtime.database.url) as conn:
        topics = conn.execute("SELECT topic FROM voortgang_events WHERE topic LIKE '%UitvoerderVastgelegd'").fetchall()
    assert len(topics) == 1


async def test_the_same_mutation_twice_with_one_idempotency_key_applies_once(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    gm = token("gemeente", "GM0307")
    stand = {"peildatum": "2025-05-01", "tekst": "Nulmeting", "signaal": "OP_KOERS"}
    body = {"input": {"ontwikkelpunt": s["punt"], "standVanZaken": stand, "idempotencyKey": "portal-123"}}
    doc = point_mutation("werkStandVanZakenBij", "WerkStandVanZakenBijInput")
    one, two = await gql(client, gm, doc, body), await gql(client, gm, doc, body)
    assert one == two
    timeline = (await gql(client, gm, TIMELINE, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"]
    assert len(timeline) == 1


async def test_another_gemeente_cannot_write_to_this_plan_nor_read_its_concept_parts(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    s = await given(runtime)
    baarn, own = token("gemeente", "GM0308"), token("gemeente", "GM0307")
    add = {"gemeente": "GM0307", "basisfunctie": 1, "thema": "BF1-06", "doel": "Overnemen"}
    refused = await gql(
        client, baarn, point_mutation("voegOntwikkelpuntToe", "VoegOntwikkelpuntToeInput"), {"input": add}
    )
    assert refused["voegOntwikkelpuntToe"]["__typename"] == "NotAllowedError"
    assert (
        refused["voegOntwikkelpuntToe"]["message"]
        == "een gemeente mag alleen in het eigen plan een ontwikkelpunt toevoegen"
    )
    edit = await gql(client, baarn, LEG_UITVOERDER, {"input": {"ontwikkelpunt": s["punt"], "uitvoerder": "Baarn"}})
    unknown = to_global_id("Ontwikkelpunt", "00000000-0000-0000-0000-000000000001")
    missing = await gql(client, baarn, LEG_UITVOERDER, {"input": {"ontwikkelpunt": unknown, "uitvoerder": "Baarn"}})
    assert edit["legUitvoerderVast"] == missing["legUitvoerderVast"]  # the same answer as for nothing at all
    assert (await gql(client, baarn, PLAN, {"g": "GM0307"}))["ontwikkelplan"] is None
    assert (await gql(client, baarn, TIMELINE, {"id": s["punt"]}))["standVanZakenTijdlijn"]["edges"] == []
    assert (await gql(client, baarn, "query($id: ID!) { node(id: $id) { id } }", {"id": s["punt"]}))["node"] is None
    vast = {"gemeente": "GM0307", "datum": "2025-04-01"}
    await gql(client, own, mutation("stelOntwikkelplanVast", "StelOntwikkelplanVastInput"), {"input": vast})
    plan = (await gql(client, baarn, PLAN, {"g": "GM0307"}))["ontwikkelplan"]
    assert plan["status"] == "VASTGESTELD" and plan["ontwikkelpunten"] == []
    edit = await gql(client, baarn, LEG_UITVOERDER, {"input": {"ontwikkelpunt": s["punt"], "uitvoerder": "Baarn"}})
    assert edit["legUitvoerderVast"]["__typename"] == "NotFoundError"
    cells = (await gql(client, baarn, REGIOBEELD))["regiobeeld"]
    assert sum(c["concept"] for c in cells) == 0


def _p(s: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"ontwikkelpunt": s["punt"], **extra}


STAND_OK = {"peildatum": "2025-05-01", "tekst": "t", "signaal": "OP_KOERS"}
# name, input type, valid input, invalid input, conflict input (None: creates a new object), role that may not
CASES: list[tuple[str, str, Any, Any, Any]] = [
    (
        "maakOntwikkelplan",
        "MaakOntwikkelplanInput",
        lambda s: {"regio": "amersfoort", "gemeente": "GM0307", "periode": "2028-2030"},
        lambda s: {"regio": "amersfoort", "gemeente": "GM0307", "periode": "2030"},
        None,
    ),
    (
        "wijzigPlanKop",
        "WijzigPlanKopInput",
        lambda s: {"gemeente": "GM0307", "lokaleAanvullingen": "x"},
        lambda s: {"gemeente": "GM0307", "portefeuillehouders": ["Jan de Vries"]},
        lambda s: {"gemeente": "GM0307", "lokaleAanvullingen": "x", "expectedVersion": 9},
    ),
    (
        "stelOntwikkelplanVast",
        "StelOntwikkelplanVastInput",
        lambda s: {"gemeente": "GM0307", "datum": "2025-04-01"},
        lambda s: {"gemeente": "GM0307", "datum": "2099-04-01"},
        lambda s: {"gemeente": "GM0307", "datum": "2025-04-01", "expectedVersion": 9},
    ),
    (
        "voegOntwikkelpuntToe",
        "VoegOntwikkelpuntToeInput",
        lambda s: {"gemeente": "GM0307", "basisfunctie": 3, "thema": "BF3", "doel": "d"},
        lambda s: {"gemeente": "GM0307", "basisfunctie": 2, "thema": "BF3", "doel": " "},
        None,
    ),
    (
        "formuleerOntwikkelpunt",
        "FormuleerOntwikkelpuntInput",
        lambda s: _p(s, doel="d"),
        lambda s: _p(s, doel=""),
        None,
    ),
    (
        "legBeoogdResultaatVast",
        "LegBeoogdResultaatVastInput",
        lambda s: _p(s, beoogdResultaat="r"),
        lambda s: _p(s, beoogdResultaat="", indicatoren=[""]),
        None,
    ),
    (
        "legAndersLerenDoenVast",
        "LegAndersLerenDoenVastInput",
        lambda s: _p(s, tekst="t"),
        lambda s: _p(s, tekst=""),
        None,
    ),
    (
        "omschrijfVerbeteractie",
        "OmschrijfVerbeteractieInput",
        lambda s: _p(s, omschrijving="o"),
        lambda s: _p(s, omschrijving="x" * 5000),
        None,
    ),
    ("voegDeelstapToe", "VoegDeelstapToeInput", lambda s: _p(s, tekst="C"), lambda s: _p(s, tekst=" "), None),
    (
        "herformuleerDeelstap",
        "HerformuleerDeelstapInput",
        lambda s: _p(s, deelstap="d1", tekst="A2"),
        lambda s: _p(s, deelstap="d9", tekst="A2"),
        None,
    ),
    (
        "herordenDeelstappen",
        "HerordenDeelstappenInput",
        lambda s: _p(s, volgorde=["d2", "d1"]),
        lambda s: _p(s, volgorde=["d1"]),
        None,
    ),
    (
        "rondDeelstapAf",
        "RondDeelstapAfInput",
        lambda s: _p(s, deelstap="d1", afgerondOp="2025-05-01"),
        lambda s: _p(s, deelstap="d1", afgerondOp="2099-01-01"),
        None,
    ),
    (
        "legKostenVast",
        "LegKostenVastInput",
        lambda s: _p(s, kosten={"bedrag": "10.00", "dekking": "d", "begrotingsjaar": 2026}),
        lambda s: _p(s, kosten={"bedrag": "-5", "begrotingsjaar": 1800}),
        None,
    ),
    (
        "legUitvoerderVast",
        "LegUitvoerderVastInput",
        lambda s: _p(s, uitvoerder="u"),
        lambda s: _p(s, uitvoerder=""),
        None,
    ),
    (
        "legPlanningVast",
        "LegPlanningVastInput",
        lambda s: _p(s, planning={"gereed": "2026-01-31", "precisie": "MAAND"}),
        lambda s: _p(s, planning={"gereed": "2026-01-31", "start": "2026-05-01", "precisie": "DAG"}),
        None,
    ),
    (
        "werkStandVanZakenBij",
        "WerkStandVanZakenBijInput",
        lambda s: _p(s, standVanZaken=STAND_OK),
        lambda s: _p(s, standVanZaken={**STAND_OK, "peildatum": "2099-01-01", "tekst": ""}),
        None,
    ),
    (
        "wijzigOntwikkelpuntStatus",
        "WijzigOntwikkelpuntStatusInput",
        lambda s: _p(s, status="VASTGESTELD"),
        lambda s: _p(s, status="AFGEROND"),
        None,
    ),
    (
        "stelRegionaalOntwikkelpuntVast",
        "StelRegionaalOntwikkelpuntVastInput",
        lambda s: {"regio": "amersfoort", "basisfunctie": 4, "thema": "BF4-2", "doel": "d", "beoogdResultaat": "r"},
        lambda s: {"regio": "amersfoort", "basisfunctie": 4, "thema": "BF9", "doel": "", "beoogdResultaat": ""},
        None,
    ),
    (
        "werkRegionaleVoortgangBij",
        "WerkRegionaleVoortgangBijInput",
        lambda s: {"regionaalOntwikkelpunt": s["regionaal"], "gemeente": "GM0307", "standVanZaken": STAND_OK},
        lambda s: {"regionaalOntwikkelpunt": s["regionaal"], "gemeente": "GM0307"},
        lambda s: {
            "regionaalOntwikkelpunt": s["regionaal"],
            "gemeente": "GM0307",
            "standVanZaken": STAND_OK,
            "expectedVersion": 3,
        },
    ),
]


@pytest.mark.parametrize(("name", "input_type", "valid", "invalid", "stale"), CASES, ids=[c[0] for c in CASES])
async def test_each_mutation_refuses_bad_input_a_stale_version_and_a_role_that_may_not_write(
    client: httpx.AsyncClient,
    runtime: Runtime,
    token: TokenFactory,
    name: str,
    input_type: str,
    valid: Any,
    invalid: Any,
    stale: Any,
) -> None:
    s = await given(runtime)
    writer = token("programmabureau") if name == "stelRegionaalOntwikkelpuntVast" else token("gemeente", "GM0307")
    doc = mutation(name, input_type)
    bad = (await gql(client, writer, doc, {"input": invalid(s)}))[name]
    assert bad["__typename"] in ("ValidationError", "InvalidTransitionError"), bad
    if bad["__typename"] == "ValidationError":
        assert bad["problems"]
    if stale is None and "ontwikkelpunt" in valid(s):
        stale = lambda s: {**valid(s), "expectedVersion": s["version"] + 5}  # noqa: E731
    if stale is not None:
        conflict = (await gql(client, writer, doc, {"input": stale(s)}))[name]
        assert conflict["__typename"] == "ConflictError", conflict
    refused = (await gql(client, token("overleg"), doc, {"input": valid(s)}))[name]
    assert refused["__typename"] == "NotAllowedError" and refused["message"]
    ok = (await gql(client, writer, doc, {"input": valid(s)}))[name]
    assert ok["__typename"].endswith("Payload"), ok

"""The regional programme over HTTP: every "Done when" of issue 5, and for
every mutation a refusal of bad input, of a stale version and of a role
without the right."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from domain.besluit import besluit_id
from domain.overleg import overleg_id
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.governance.besluit import AgendeerBesluit, NeemBesluit, StelBesluitVoor
from service.commands.governance.gremium import StelGremiumIn, StelMandaatVast
from service.commands.governance.overleg import PlanOverleg
from service.demo.programme import seed_programme
from service.demo.seed import seed_regios
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
AMF = "lokale-teams-amersfoort"
PAYLOAD = {
    "Programma": "ProgrammaPayload",
    "Project": "ProjectPayload",
    "Mijlpaal": "MijlpaalPayload",
    "Begroting": "BegrotingPayload",
    "Risico": "RisicoPayload",
}
MUTATIONS: dict[str, tuple[str, str]] = {
    "startProgramma": ("StartProgrammaInput", "Programma"),
    "legOpdrachtgeverschapVast": ("OpdrachtgeverschapInput", "Programma"),
    "koppelInitiatief": ("KoppelInitiatiefInput", "Programma"),
    "planProgrammafase": ("PlanProgrammafaseInput", "Programma"),
    "startProgrammafase": ("StartProgrammafaseInput", "Programma"),
    "rondProgrammafaseAf": ("RondProgrammafaseAfInput", "Programma"),
    "neemProjectOp": ("NeemProjectOpInput", "Project"),
    "projectdoel": ("ProjectdoelInput", "Project"),
    "wijsProjectleiderToe": ("ProjectWaardeInput", "Project"),
    "wijzigProjectfase": ("ProjectWaardeInput", "Project"),
    "stelMijlpalenplanningVast": ("MijlpalenplanningVaststellenInput", "Project"),
    "legLokalePlanningVast": ("LokalePlanningInput", "Project"),
    "rapporteerProjectvoortgang": ("VoortgangInput", "Project"),
    "planMijlpaal": ("PlanMijlpaalInput", "Mijlpaal"),
    "verplaatsMijlpaal": ("VerplaatsMijlpaalInput", "Mijlpaal"),
    "behaalMijlpaal": ("BehaalMijlpaalInput", "Mijlpaal"),
    "laatMijlpaalVervallen": ("LaatMijlpaalVervallenInput", "Mijlpaal"),
    "voegAfhankelijkheidToe": ("AfhankelijkheidInput", "Mijlpaal"),
    "maakLokaleMijlpalen": ("LokaleMijlpalenInput", "Mijlpaal"),
    "stelBegrotingOp": ("StelBegrotingOpInput", "Begroting"),
    "legBegrotingsregelVast": ("BegrotingsregelInput", "Begroting"),
    "voegFinancieringsbronToe": ("FinancieringsbronInput", "Begroting"),
    "stelBegrotingVast": ("StelBegrotingVastInput", "Begroting"),
    "boekRealisatie": ("RealisatieInput", "Begroting"),
    "legVerantwoordingAf": ("VerantwoordingInput", "Begroting"),
    "risico": ("RisicoInput", "Risico"),
    "wijzigRisicostatus": ("RisicostatusInput", "Risico"),
    "escaleerRisico": ("EscaleerRisicoInput", "Risico"),
}


async def mutate(client: httpx.AsyncClient, token: str, name: str, inp: dict[str, Any]) -> dict[str, Any]:
    input_type, kind = MUTATIONS[name]
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ __typename"
        f" ... on {PAYLOAD[kind]} {{ version position }}"
        " ... on UserError { code message } ... on ConflictError { currentVersion }"
        " ... on ValidationError { problems { field message } } } }"
    )
    response = await client.post(
        "/v1/graphql",
        json={"query": query, "variables": {"input": inp}},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
    if codes == [BAD_USER_INPUT]:  # a value outside a closed list: refused by the schema, nothing ran
        return {"__typename": BAD_USER_INPUT}
    assert "errors" not in body, body["errors"]
    return body["data"][name]  # type: ignore[no-any-return]


PLANNING = """
query($programma: String, $gemeente: String, $status: [PlanningStatus!], $asOf: DateTime) {
  mijlpalenplanning(programma: $programma, gemeente: $gemeente, status: $status, first: 200, asOf: $asOf) {
    nodes { mijlpaalId gemeente titel baseline forecast status slipDagen redenen version }
  }
}"""

MIJLPAAL = """
query($id: ID!) {
  mijlpaal(id: $id) {
    regionaal { baseline forecast status redenen version }
    instanties { gemeente forecast status version }
    verschuivingen { van naar redenCategorie reden besluitId }
  }
}"""

BEGROTING = """
query { begroting(programma: "kgb-zhz") {
  totaal versie kaderTotaal pmRegels totaalPerJaar { jaar bedrag }
  regels { code totaal pm } financiering { naam } halfjaren { halfjaar teLaat }
} }"""


@pytest.fixture
async def seeded(runtime: Runtime) -> Runtime:
    def seed() -> None:
        seed_regios(runtime)
        seed_programme(runtime)

    await asyncio.to_thread(seed)
    assert await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0, timeout_s=60)
    return runtime


async def planning(client: httpx.AsyncClient, token: str, **variables: Any) -> list[dict[str, Any]]:
    data = await gql(client, token, PLANNING, {"programma": AMF, **variables})
    return data["mijlpalenplanning"]["nodes"]  # type: ignore[no-any-return]


async def mijlpaal_id(client: httpx.AsyncClient, token: str, titel: str) -> str:
    return next(
        str(n["mijlpaalId"]) for n in await planning(client, token) if n["titel"] == titel and not n["gemeente"]
    )


async def test_rescheduling_twice_keeps_the_baseline_shows_both_moves_and_the_past_planning(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    pb = token("programmabureau")
    mid = await mijlpaal_id(client, pb, "Tussentijdse rapportage en bijstelling 1")
    await asyncio.sleep(0.05)
    before = dt.datetime.now(dt.UTC).isoformat()
    await asyncio.sleep(0.05)
    move = {"mijlpaalId": mid, "precisie": "MAAND", "expectedVersion": 2}
    one = await mutate(
        client,
        pb,
        "verplaatsMijlpaal",
        move | {"naar": "2022-07-01", "redenCategorie": "CAPACITEIT", "reden": "drukte"},
    )
    assert one["__typename"] == "MijlpaalPayload"
    move |= {
        "expectedVersion": one["version"],
        "naar": "2022-09-01",
        "redenCategorie": "INHOUDELIJK",
        "reden": "zelfscan eerst",
    }
    two = await mutate(client, pb, "verplaatsMijlpaal", move)
    assert two["__typename"] == "MijlpaalPayload"
    data = (await gql(client, pb, MIJLPAAL, {"id": mid}))["mijlpaal"]
    assert data["regionaal"]["baseline"] == "2022-04-01"
    assert (data["regionaal"]["forecast"], data["regionaal"]["status"]) == ("2022-09-01", "VERTRAAGD")
    assert [(v["van"], v["naar"], v["reden"]) for v in data["verschuivingen"]] == [
        ("2022-04-01", "2022-07-01", "drukte"),
        ("2022-07-01", "2022-09-01", "zelfscan eerst"),
    ]
    then = {n["mijlpaalId"]: n for n in await planning(client, pb, asOf=before)}
    # judged on the day of asOf (today): the 2022 baseline has passed unmet (tests/api/test_peildatum_programme_api.py
    # reads the planning as it stood on a date, judged on that date)
    assert (then[mid]["forecast"], then[mid]["status"], then[mid]["redenen"]) == ("2022-04-01", "VERTRAAGD", [])
    late = await planning(client, pb, status=["VERTRAAGD"])
    assert mid in {n["mijlpaalId"] for n in late}


async def test_a_gemeente_moves_its_own_instance_only(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    baarn, pb = token("gemeente", "GM0308"), token("programmabureau")
    mid = await mijlpaal_id(client, pb, "Ontwikkelplan per lokaal team")
    move = {
        "mijlpaalId": mid,
        "naar": "2022-12-01",
        "precisie": "MAAND",
        "redenCategorie": "LOKAAL_TEMPO",
        "reden": "eigen tempo",
    }
    ok = await mutate(client, baarn, "verplaatsMijlpaal", move | {"gemeente": "GM0308", "expectedVersion": 2})
    assert ok["__typename"] == "MijlpaalPayload"
    other = await mutate(client, baarn, "verplaatsMijlpaal", move | {"gemeente": "GM0307"})
    regional = await mutate(client, baarn, "verplaatsMijlpaal", move)
    assert (other["__typename"], regional["__typename"]) == ("NotAllowedError", "NotAllowedError")
    data = (await gql(client, baarn, MIJLPAAL, {"id": mid}))["mijlpaal"]
    forecasts = {i["gemeente"]: i["forecast"] for i in data["instanties"]}
    assert forecasts["GM0308"] == "2022-12-01"
    assert forecasts["GM0307"] == "2022-04-01" and forecasts["GM0342"] == "2022-10-01"
    assert data["regionaal"]["forecast"] == "2022-04-01"
    rows = await planning(client, baarn, gemeente="GM0308")
    assert {r["gemeente"] for r in rows} == {"GM0308"}


def governance_besluiten(runtime: Runtime) -> tuple[str, str]:
    """A genomen besluit of a bestuurlijk overleg that may change financial
    kaders, and a genomen besluit of an ambtelijk overleg that may not."""
    gov, cmd = runtime.commands, Envelope(principal=PB)
    for code, soort in (("t-bo", "bestuurlijk"), ("t-ao", "ambtelijk")):
        gov.run(
            cmd,
            StelGremiumIn(
                code=code,
                regio="zhz",
                naam=code,
                type=soort,
                cadans="ad_hoc",
                ingesteld_op=dt.date(2022, 1, 1),
                voorzitter=None,
                zetels=[],
            ),
        )
        gov.run(cmd, PlanOverleg(gremium=code, datum=dt.date(2023, 5, 1), locatie=None))
    regels: list[dict[str, Any]] = [
        {
            "code": "bo-kaders",
            "omschrijving": "bestuurlijk wijzigt kaders",
            "bevoegdheid": "besluit",
            "gremium_type": "bestuurlijk",
        },
        {
            "code": "ao-binnen",
            "omschrijving": "ambtelijk binnen kaders",
            "bevoegdheid": "besluit",
            "gremium_type": "ambtelijk",
            "soorten": ["binnen_kaders"],
        },
    ]
    gov.run(cmd, StelMandaatVast(regio="zhz", geldig_vanaf=dt.date(2022, 1, 1), regels=regels))
    ids = []
    for code, financieel in (("t-bo", True), ("t-ao", False)):
        kenmerk = f"{code}-1"
        gov.run(
            cmd,
            StelBesluitVoor(
                regio="zhz",
                kenmerk=kenmerk,
                onderwerp="Monitoring uitbreiden",
                gremium=code,
                beslispunten=["Het budget voor monitoring te verhogen"],
                overwegingen=[],
                voorstel=None,
                kader_inhoudelijk=False,
                kader_financieel=financieel,
                betreft_gemeenten=[],
                koppelingen=[],
            ),
        )
        bid = besluit_id("zhz", kenmerk)
        gov.run(cmd, AgendeerBesluit(besluit=bid, overleg=overleg_id(code, dt.date(2023, 5, 1))))
        gov.run(cmd, NeemBesluit(besluit=bid, datum=None, uitkomsten={}, doorleiden=False))
        ids.append(str(bid))
    return ids[0], ids[1]


async def test_budget_totals_match_seed_002_and_a_change_beyond_the_kaders_needs_a_qualifying_besluit(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    pb = token("programmabureau")
    b = (await gql(client, pb, BEGROTING))["begroting"]
    assert (b["totaal"], b["kaderTotaal"], b["versie"], b["pmRegels"]) == (
        "1110000.00",
        "1110000.00",
        1,
        ["uitvoering"],
    )
    assert [p["bedrag"] for p in b["totaalPerJaar"]] == ["370000.00"] * 3
    assert {r["code"]: r["totaal"] for r in b["regels"]}["programmamanager"] == "300000.00"
    line = {"programma": "kgb-zhz", "code": "monitoring", "taak": "Monitoring", "bedragPerJaar": "60000"}
    refused = await mutate(client, pb, "legBegrotingsregelVast", line)
    assert refused["__typename"] == "NotAllowedError" and "kaders" in refused["message"]
    bo, ao = await asyncio.to_thread(governance_besluiten, seeded)
    await seeded.wait_for_views(seeded.app.recorder.max_notification_id() or 0)
    wrong_body = await mutate(client, pb, "legBegrotingsregelVast", line | {"besluitId": ao})
    assert wrong_body["__typename"] == "NotAllowedError"
    unknown = await mutate(
        client, pb, "legBegrotingsregelVast", line | {"besluitId": "00000000-0000-0000-0000-000000000000"}
    )
    assert unknown["__typename"] == "NotFoundError"
    within = await mutate(client, pb, "legBegrotingsregelVast", line | {"bedragPerJaar": "40000"})
    assert within["__typename"] == "BegrotingPayload"
    ok = await mutate(
        client, pb, "legBegrotingsregelVast", line | {"besluitId": bo, "expectedVersion": within["version"]}
    )
    assert ok["__typename"] == "BegrotingPayload"
    after = (await gql(client, pb, BEGROTING))["begroting"]
    assert (after["totaal"], after["versie"], after["kaderTotaal"]) == ("1140000.00", 2, "1140000.00")


async def test_the_programme_overview_and_risk_register_are_readable_by_every_role(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    query = """{ programma(code: "kgb-zhz") { fasen { fase oplevering } projecten { code doelen { tekst } }
      bestuurlijkOpdrachtgevers bestuurlijkLead initiatieven { naam } }
      risicoregister(programma: "kgb-zhz", first: 20) { nodes { nummer beheersmaatregelen historie { soort } } } }"""
    for role, extra in (("gemeente", "GM0505"), ("overleg", None), ("auditor", None)):
        data = await gql(client, token(role, extra), query)
        assert [f["fase"] for f in data["programma"]["fasen"]] == ["INITIATIE", "DEFINITIE", "ONTWERP", "REALISATIE"]
        assert len(data["programma"]["projecten"]) == 9 and len(data["risicoregister"]["nodes"]) == 11


async def test_a_projectleider_writes_only_its_own_project(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    pl = token("projectleider", projecten=["MON"])
    own = await mutate(client, pl, "projectdoel", {"project": "MON", "tekst": "Een monitoringsplan met looptijd"})
    other = await mutate(client, pl, "projectdoel", {"project": "VOIT", "tekst": "x"})
    assert (own["__typename"], other["__typename"]) == ("ProjectPayload", "NotAllowedError")
    revise = {
        "project": "MON",
        "nummer": 1,
        "tekst": "Inzicht in de impact",
        "reden": "scherper",
        "expectedVersion": own["version"],
    }
    assert (await mutate(client, pl, "projectdoel", revise))["__typename"] == "ProjectPayload"
    data = await gql(client, pl, '{ project(code: "MON") { doelen { nummer tekst reden } } }')
    assert data["project"]["doelen"][0] == {"nummer": 1, "tekst": "Inzicht in de impact", "reden": "scherper"}


def cases(ids: dict[str, str]) -> list[tuple[str, dict[str, Any], dict[str, Any], bool]]:
    """(mutation, valid input, a bad change to it, whether it takes expectedVersion)."""
    m, v, weg = ids["rapportage"], ids["overzicht"], ids["nieuwsbrief"]
    mv = {"mijlpaalId": m}
    return [
        (
            "startProgramma",
            {"code": "nieuw", "naam": "N", "regio": "zhz", "periodeStart": "2024-01-01", "periodeEind": "2025-01-01"},
            {"periodeEind": "2023-01-01"},
            False,
        ),
        (
            "legOpdrachtgeverschapVast",
            {"programma": "kgb-zhz", "bestuurlijk": ["a"], "bestuurlijkLead": "a"},
            {"bestuurlijkLead": "b"},
            True,
        ),
        ("koppelInitiatief", {"programma": "kgb-zhz", "naam": "X"}, {"naam": " "}, True),
        (
            "planProgrammafase",
            {
                "programma": "kgb-zhz",
                "fase": "NAZORG",
                "geplandeStart": "2025-08-01",
                "geplandeEind": "2025-12-31",
                "verantwoordingAan": "BO",
            },
            {"geplandeEind": "2025-01-01"},
            True,
        ),
        (
            "startProgrammafase",
            {"programma": "kgb-zhz", "fase": "NAZORG", "startdatum": "2025-06-01", "verantwoordingAan": "BO"},
            {"fase": "later"},
            True,
        ),
        (
            "rondProgrammafaseAf",
            {"programma": "kgb-zhz", "fase": "DEFINITIE", "einddatum": "2023-06-01"},
            {"einddatum": "2022-01-01"},
            True,
        ),
        ("neemProjectOp", {"programma": "kgb-zhz", "code": "NEW", "naam": "N"}, {"soort": "DEELPROJECT"}, False),
        ("projectdoel", {"project": "VOIT", "tekst": "Doel"}, {"tekst": " "}, True),
        ("wijsProjectleiderToe", {"project": "VOIT", "waarde": "pl-1"}, {"waarde": " "}, True),
        ("wijzigProjectfase", {"project": "VOIT", "waarde": "ontwerp"}, {"waarde": "realisatie"}, True),
        ("stelMijlpalenplanningVast", {"project": "VOIT", "datum": "2023-05-01"}, {"project": "GEEN"}, True),
        ("legLokalePlanningVast", {"project": "VOIT", "gemeente": "GM0505"}, {"gemeente": "GM0307"}, True),
        (
            "rapporteerProjectvoortgang",
            {"project": "VOIT", "datum": "2023-05-01", "periode": "Q2", "signaal": "OP_KOERS", "verhaal": "ok"},
            {"signaal": "groen"},
            True,
        ),
        (
            "planMijlpaal",
            {"titel": "T", "soort": "RAPPORTAGE", "eigenaarSoort": "PROGRAMMA", "eigenaar": AMF, "datum": "2022-05-01"},
            {"soort": "feest"},
            False,
        ),
        (
            "verplaatsMijlpaal",
            mv | {"naar": "2022-08-01", "redenCategorie": "OVERIG", "reden": "r"},
            {"reden": " "},
            True,
        ),
        ("behaalMijlpaal", mv | {"datum": "2022-05-01"}, {"mijlpaalId": "geen-id"}, True),
        ("laatMijlpaalVervallen", {"mijlpaalId": weg, "reden": "r"}, {"reden": " "}, True),
        ("voegAfhankelijkheidToe", mv | {"voorgangerId": v}, {"voorgangerId": m}, True),
        ("maakLokaleMijlpalen", mv | {"gemeenten": ["GM0307"]}, {"gemeenten": ["GM0505"]}, False),
        ("stelBegrotingOp", {"programma": AMF, "jaren": [2022]}, {"jaren": [2022, 2022]}, False),
        (
            "legBegrotingsregelVast",
            {"programma": "kgb-zhz", "code": "monitoring", "taak": "M", "bedragPerJaar": "50000"},
            {"pm": True},
            True,
        ),
        ("voegFinancieringsbronToe", {"programma": "kgb-zhz", "naam": "Lokale POK-middelen"}, {"bedrag": "-1"}, True),
        ("stelBegrotingVast", {"programma": "kgb-zhz", "datum": "2024-01-01"}, {"totaal": "1"}, True),
        (
            "boekRealisatie",
            {"programma": "kgb-zhz", "regel": "monitoring", "halfjaar": "2023-H1", "bedrag": "100"},
            {"halfjaar": "2023-H3"},
            True,
        ),
        (
            "legVerantwoordingAf",
            {"programma": "kgb-zhz", "halfjaar": "2023-H1", "datum": "2023-09-01", "aan": "BO"},
            {"aan": " "},
            True,
        ),
        (
            "risico",
            {"programma": "kgb-zhz", "nummer": "R1", "omschrijving": "o", "eigenaar": "e", "bijwerken": True},
            {"eigenaar": " "},
            True,
        ),
        ("wijzigRisicostatus", {"programma": "kgb-zhz", "nummer": "R1", "status": "BEHEERST"}, {"status": "weg"}, True),
        (
            "escaleerRisico",
            {"programma": "kgb-zhz", "nummer": "R7", "naar": "klankbordgroep", "reden": "r"},
            {"naar": " "},
            True,
        ),
    ]


BAD_USER_INPUT = "BAD_USER_INPUT"
REFUSED_INPUT = {"ValidationError", "InvalidTransitionError", "NotFoundError", BAD_USER_INPUT}


async def test_every_mutation_refuses_bad_input_a_stale_version_and_a_role_without_the_right(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    pb, gemeente = token("programmabureau"), token("gemeente", "GM0505")
    ids = {
        "rapportage": await mijlpaal_id(client, pb, "Tussentijdse rapportage en bijstelling 2"),
        "overzicht": await mijlpaal_id(client, pb, "Nieuwsbrief Q3"),
        "nieuwsbrief": await mijlpaal_id(client, pb, "Nieuwsbrief Q4"),
    }
    all_cases = cases(ids)
    assert {c[0] for c in all_cases} == set(MUTATIONS)
    for name, good, bad, versioned in all_cases:
        denied = await mutate(client, gemeente, name, good)
        assert denied["__typename"] == "NotAllowedError", (name, denied)
        invalid = await mutate(client, pb, name, good | bad)
        assert invalid["__typename"] in REFUSED_INPUT, (name, invalid)
        if versioned:
            stale = await mutate(client, pb, name, good | {"expectedVersion": 999})
            assert stale["__typename"] == "ConflictError" and stale["currentVersion"] < 999, (name, stale)
        done = await mutate(client, pb, name, good | {"idempotencyKey": f"k-{name}"})
        assert done["__typename"] in PAYLOAD.values(), (name, done)
        again = await mutate(client, pb, name, good | {"idempotencyKey": f"k-{name}"})
        assert again["version"] == done["version"], name


DUTCH_AND_ENGLISH = {
    "basisplanning": "baseline",
    "basisplanningEind": "baselineEind",
    "basisplanningPrecisie": "baselinePrecisie",
    "verwachting": "forecast",
    "verwachtingEind": "forecastEind",
    "verwachtingPrecisie": "forecastPrecisie",
    "behaald": "actual",
}


async def test_the_planning_speaks_dutch_and_the_deprecated_english_names_give_the_same_values(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    fields = " ".join([*DUTCH_AND_ENGLISH, *DUTCH_AND_ENGLISH.values()])
    query = f"{{ mijlpalenplanning(first: 200) {{ nodes {{ titel status {fields} }} }} }}"
    nodes = (await gql(client, token("programmabureau"), query))["mijlpalenplanning"]["nodes"]
    assert nodes and any(n["behaald"] for n in nodes)
    for n in nodes:
        assert all(n[dutch] == n[english] for dutch, english in DUTCH_AND_ENGLISH.items()), n
        assert n["basisplanning"] <= n["basisplanningEind"] and (n["behaald"] is not None) == (n["status"] == "BEHAALD")


async def test_a_move_shows_who_moved_it_as_an_official(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    pb = token("programmabureau", name="Paula Planner")
    mid = await mijlpaal_id(client, pb, "Tussentijdse rapportage en bijstelling 1")
    move = {"mijlpaalId": mid, "precisie": "MAAND", "naar": "2022-07-01", "redenCategorie": "CAPACITEIT"}
    move |= {"reden": "drukte"}
    assert (await mutate(client, pb, "verplaatsMijlpaal", move))["__typename"] == "MijlpaalPayload"
    query = "query($id: ID!) { mijlpaal(id: $id) { verschuivingen { actorId vastgelegdDoor { id naam rol } } } }"
    (moved,) = (await gql(client, pb, query, {"id": mid}))["mijlpaal"]["verschuivingen"]
    assert moved["vastgelegdDoor"] == {"id": moved["actorId"], "naam": "Paula Planner", "rol": "programmabureau"}


async def test_the_programmes_connection_pages_both_ways_with_the_total_of_the_old_list(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    tok = token("overleg")
    old = [p["code"] for p in (await gql(client, tok, "{ programmas { code } }"))["programmas"]]
    assert len(old) >= 2
    page = """query($first: Int, $after: String, $last: Int, $before: String) {
      programmasConnection(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { code fasering { fase status } projecten { code } } } }"""
    seen: list[str] = []
    after = None
    while True:
        got = (await gql(client, tok, page, {"first": 1, "after": after}))["programmasConnection"]
        assert got["totalCount"] == len(old)
        seen += [n["code"] for n in got["nodes"]]
        if not got["pageInfo"]["hasNextPage"]:
            break
        after = got["pageInfo"]["endCursor"]
    assert seen == sorted(old)
    back = await gql(client, tok, page, {"last": 1, "before": got["pageInfo"]["startCursor"]})
    assert [n["code"] for n in back["programmasConnection"]["nodes"]] == seen[-2:-1]
    assert back["programmasConnection"]["pageInfo"]["hasPreviousPage"] is (len(old) > 2)
    zhz = next(n for n in (await gql(client, tok, page, {"first": 50}))["programmasConnection"]["nodes"]
               if n["code"] == "kgb-zhz")  # fmt: skip
    assert {f["status"] for f in zhz["fasering"]} <= {"GEPLAND", "LOPEND", "AFGEROND"} and zhz["projecten"]
    assert "LOPEND" in {f["status"] for f in zhz["fasering"]}


async def test_risk_history_kinds_and_the_status_filter_are_enums(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    query = """query($s: RisicoStatus) { risicoregister(programma: "kgb-zhz", status: $s, first: 50) {
      totalCount nodes { status historie { soort vastgelegdDoor { id naam } } } } }"""
    tok = token("auditor")
    alle = (await gql(client, tok, query))["risicoregister"]
    assert {h["soort"] for n in alle["nodes"] for h in n["historie"]} >= {"GEREGISTREERD"}
    assert all(h["vastgelegdDoor"]["id"] for n in alle["nodes"] for h in n["historie"])
    open_ = (await gql(client, tok, query, {"s": "OPEN"}))["risicoregister"]
    assert {n["status"] for n in open_["nodes"]} <= {"OPEN"} and open_["totalCount"] <= alle["totalCount"]


async def test_the_role_holders_of_a_programme_and_project_read_as_officials(
    client: httpx.AsyncClient, token: TokenFactory, seeded: Runtime
) -> None:
    query = """{ programma(code: "kgb-zhz") { programmamanager bestuurlijkOpdrachtgevers bestuurlijkLead
      opdrachtgeverschap { programmamanager { id naam } bestuurlijk { id } bestuurlijkLead { id } ambtelijk { id } }
      projecten { projectleider projectleiding { id } } } }"""
    p = (await gql(client, token("auditor"), query))["programma"]
    o = p["opdrachtgeverschap"]
    assert o["programmamanager"]["id"] == p["programmamanager"] and o["programmamanager"]["naam"]
    assert [b["id"] for b in o["bestuurlijk"]] == p["bestuurlijkOpdrachtgevers"]
    assert o["bestuurlijkLead"]["id"] == p["bestuurlijkLead"] and o["ambtelijk"]
    assert all((j["projectleiding"] or {}).get("id") == j["projectleider"] for j in p["projecten"])

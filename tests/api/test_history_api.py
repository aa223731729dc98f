"""Progress over time over GraphQL: PDCA history, changes between, agenda pack, series."""

from __future__ import annotations

import datetime as dt

import httpx

from domain.plan_values import Stand
from service.commands.base import Envelope
from service.commands.plans.ontwikkelpunt import WerkStandVanZakenBij
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory
from tests.integration.command_strategies import PB, PUNTEN, SETUP

PDCA = """query($id: ID, $bf: Int) { pdcaHistorie(objectId: $id, basisfunctie: $bf) {
  cycliVoltooid openActs laatsteCheck cycli { nummer gesloten stappen { fase gebeurtenis } } } }"""
CHANGES = """query($vanaf: DateTime!, $gemeente: String, $first: Int, $after: String) {
  wijzigingenTussen(vanaf: $vanaf, gemeente: $gemeente) {
  vanafPositie groepen { sleutel titel aantal }
  regels(first: $first, after: $after) { nodes { groep groepTitel positie gebeurtenis gebruiker { weergave } }
  pageInfo { hasNextPage endCursor } } } }"""
SERIES = """query($van: Date!, $tot: Date!) {
  voortgangsreeks(van: $van, tot: $tot, interval: KWARTAAL, gemeente: "GM0001") {
  periode perStatus { sleutel aantal } perSignaal { sleutel aantal } mijlpalen { sleutel aantal } } }"""


async def _seed(runtime: Runtime) -> None:
    cmd = Envelope(principal=PB)
    for step in SETUP:
        step.run(runtime.commands, cmd)
    stand = Stand(dt.date(2025, 3, 1), "loopt", "achter")
    saved = runtime.commands.run(cmd, WerkStandVanZakenBij(punt=PUNTEN[0], stand=stand))
    await runtime.wait_for_views(saved.position)


async def test_the_pdca_history_of_a_point_over_graphql(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)
    data = await gql(client, token("overleg"), PDCA, {"id": str(PUNTEN[0])})
    h = data["pdcaHistorie"]
    assert h["cycliVoltooid"] == 0
    assert h["laatsteCheck"] == "2025-03-01"
    assert [s["fase"] for s in h["cycli"][0]["stappen"]] == ["PLAN", "CHECK"]


async def test_changes_since_an_instant_grouped_and_hidden_from_other_gemeenten(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)
    since = {"vanaf": "2000-01-01T00:00:00Z", "gemeente": "GM0001"}
    data = await gql(client, token("programmabureau"), CHANGES, since)
    keys = [g["sleutel"] for g in data["wijzigingenTussen"]["groepen"]]
    assert keys == ["stand_van_zaken", "toegevoegd"]
    other = await gql(client, token("gemeente", "GM0002"), CHANGES, since)
    assert other["wijzigingenTussen"]["groepen"] == []
    assert other["wijzigingenTussen"]["regels"]["nodes"] == []


async def test_changes_page_through_in_agenda_order_each_row_labelled_with_its_group(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)
    variables: dict[str, object] = {"vanaf": "2000-01-01T00:00:00Z", "gemeente": "GM0001", "first": 1}
    rows, pages = [], 0
    while True:
        data = (await gql(client, token("programmabureau"), CHANGES, variables))["wijzigingenTussen"]
        rows += data["regels"]["nodes"]
        pages += 1
        if not data["regels"]["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = data["regels"]["pageInfo"]["endCursor"]
    counts = {g["sleutel"]: g["aantal"] for g in data["groepen"]}
    assert pages == len(rows) == sum(counts.values()) > 1
    labels = [r["groep"] for r in rows]
    assert labels == [key for key in counts for _ in range(counts[key])]
    assert rows[0]["groepTitel"] == "Nieuwe stand van zaken"
    toegevoegd = [r["positie"] for r in rows if r["groep"] == "toegevoegd"]
    assert toegevoegd == sorted(toegevoegd)


async def test_a_changes_page_larger_than_the_maximum_is_refused(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    response = await client.post(
        "/v1/graphql",
        json={"query": '{ wijzigingenTussen(vanaf: "2000-01-01T00:00:00Z") { regels(first: 201) { totalCount } } }'},
        headers={"authorization": f"Bearer {token('programmabureau')}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


async def test_a_quarterly_series_is_chart_ready(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)
    today = dt.date.today()
    data = await gql(client, token("gemeente", "GM0001"), SERIES, {"van": str(today), "tot": str(today)})
    (point,) = data["voortgangsreeks"]
    assert point["perStatus"] == [{"sleutel": "concept", "aantal": 1}]
    assert point["perSignaal"] == [{"sleutel": "achter", "aantal": 1}]


async def test_a_series_at_the_end_of_the_calendar_answers_its_last_quarter(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    """Found by the fuzzer: 9999-12-31 has no next day in Python; the series ends there, no internal error."""
    await _seed(runtime)
    last = "9999-12-31"
    data = await gql(client, token("gemeente", "GM0001"), SERIES, {"van": last, "tot": last})
    (point,) = data["voortgangsreeks"]
    assert point["perStatus"] == [{"sleutel": "concept", "aantal": 1}]


async def test_a_gemeente_cannot_read_another_gemeentes_series(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)  # GM0001 exists: a token for an unknown gemeente is refused before any query
    response = await client.post(
        "/v1/graphql",
        json={"query": '{ voortgangsreeks(van: "2025-01-01", tot: "2025-02-01", gemeente: "GM0002") { periode } }'},
        headers={"authorization": f"Bearer {token('gemeente', 'GM0001')}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ALLOWED"


SINCE_MEETING = """query($gremium: String!) { wijzigingenSindsOverleg(gremium: $gremium, gemeente: "GM0001") {
  vanafPositie groepen { sleutel titel aantal } } }"""


async def test_changes_since_the_last_meeting_of_a_body_that_never_met_cover_everything(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    await _seed(runtime)
    pb = token("programmabureau")
    since = await gql(client, pb, SINCE_MEETING, {"gremium": "nooit-vergaderd"})
    everything = await gql(client, pb, CHANGES, {"vanaf": "2000-01-01T00:00:00Z", "gemeente": "GM0001", "first": 1})
    assert since["wijzigingenSindsOverleg"]["vanafPositie"] == 0
    assert since["wijzigingenSindsOverleg"]["groepen"] == everything["wijzigingenTussen"]["groepen"]

"""Valid time over GraphQL (issue 16): a hand-filled Bijlage 3 with stands
dated 2024 and 2025 reads, with ``peildatum``, as the plan stood on that date;
with ``asOf`` too, as known at that moment; and ``voortgangsreeks`` shows the
history before the day of the import."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx

from service.documents.importer import import_plan
from service.documents.reading import context_for
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory
from tests.documents.handmade import bijlage3_document
from tests.documents.test_handmade import LEUSDEN, register

PLAN = """query($peil: Date, $asOf: DateTime) {
  ontwikkelplan(gemeente: "GM0327", peildatum: $peil, asOf: $asOf) {
    status
    ontwikkelpunten { id thema doel laatsteStandVanZaken { peildatum tekst } }
  }
}"""


async def imported(runtime: Runtime) -> dt.datetime:
    """Import the hand-filled plan; the moment just before the import."""
    register(runtime)
    await runtime.wait_for_views(await runtime.log_head())
    await asyncio.sleep(0.05)
    before = dt.datetime.now(dt.UTC)
    await asyncio.sleep(0.05)
    rapport = await import_plan(context_for(runtime, LEUSDEN), bijlage3_document(), "l.docx", "GM0327", dry_run=False)
    assert rapport.toegepast, rapport.tekst()
    await runtime.wait_for_views(await runtime.log_head())
    return before


async def test_the_plan_timeline_and_series_read_as_they_stood_on_a_peildatum(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    before = await imported(runtime)
    pb = token("programmabureau")

    now = (await gql(client, pb, PLAN))["ontwikkelplan"]
    assert len(now["ontwikkelpunten"]) == 3

    peil = (await gql(client, pb, PLAN, {"peil": "2025-01-01"}))["ontwikkelplan"]
    stands = {p["thema"] + p["doel"][:10]: p["laatsteStandVanZaken"] for p in peil["ontwikkelpunten"]}
    # the point without a dated stand was added today: not there yet on 2025-01-01
    assert len(stands) == 2
    assert sorted(s["peildatum"] for s in stands.values()) == ["2024-02-12", "2024-10-01"]

    early = (await gql(client, pb, PLAN, {"peil": "2024-03-01"}))["ontwikkelplan"]
    assert [p["laatsteStandVanZaken"]["peildatum"] for p in early["ontwikkelpunten"]] == ["2024-02-12"]
    assert (await gql(client, pb, PLAN, {"peil": "2023-12-31"}))["ontwikkelplan"] is None

    # both times: as it stood on 2025-01-01 as known before the import (nothing), and as known now
    assert (await gql(client, pb, PLAN, {"peil": "2025-01-01", "asOf": before.isoformat()}))["ontwikkelplan"] is None
    assert (await gql(client, pb, PLAN, {"peil": "2025-01-01", "asOf": dt.datetime.now(dt.UTC).isoformat()}))[
        "ontwikkelplan"
    ] == peil

    veilig = next(p for p in now["ontwikkelpunten"] if p["thema"] == "BF1-06")
    timeline = """query($id: ID!, $peil: Date) {
      standVanZakenTijdlijn(id: $id, peildatum: $peil) { edges { node { peildatum } } }
    }"""
    all_stands = await gql(client, pb, timeline, {"id": veilig["id"]})
    assert [e["node"]["peildatum"] for e in all_stands["standVanZakenTijdlijn"]["edges"]] == [
        "2024-02-12",
        "2025-01-15",
    ]
    dated = await gql(client, pb, timeline, {"id": veilig["id"], "peil": "2025-01-01"})
    assert [e["node"]["peildatum"] for e in dated["standVanZakenTijdlijn"]["edges"]] == ["2024-02-12"]

    series = """query($peil: Boolean!) {
      voortgangsreeks(van: "2024-01-01", tot: "2025-03-31", interval: KWARTAAL, gemeente: "GM0327",
                      volgensPeildatum: $peil) { periode perStatus { sleutel aantal } }
    }"""
    by_valid = (await gql(client, pb, series, {"peil": True}))["voortgangsreeks"]
    counts = {p["periode"]: sum(t["aantal"] for t in p["perStatus"]) for p in by_valid}
    assert counts == {"2024-Q1": 1, "2024-Q2": 1, "2024-Q3": 1, "2024-Q4": 2, "2025-Q1": 2}
    by_recording = (await gql(client, pb, series, {"peil": False}))["voortgangsreeks"]
    assert all(p["perStatus"] == [] for p in by_recording)  # recorded today: nothing known at those period ends

"""Valid time on the governance, history and registry views (issue 16): a
besluit, an overleg and its agenda recorded today but dated 2024 show by
``peildatum`` (as it stood on that date, as known now), and with ``asOf``
before they were recorded, not at all (both times); the audit trail and the
registry read by peildatum the same way."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx

from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.governance.besluit import AgendeerBesluit, StelBesluitVoor
from service.commands.governance.overleg import PlanOverleg
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-peil", "PB", frozenset({"programmabureau"}))
DATED = Envelope(principal=PB, peildatum=dt.date(2024, 5, 1))

LIJST = """query($peil: Date, $asOf: DateTime) {
  besluitenlijst(gremium: "zhz-ao", peildatum: $peil, asOf: $asOf, first: 200) { nodes { id kenmerk } } }"""
PAKKET = """query($id: ID!, $peil: Date) {
  agendapakket(overlegId: $id, peildatum: $peil) { datum agenda { soort onderwerp } besluiten { kenmerk } } }"""
TRAIL = """query($id: ID!, $peil: Date) {
  auditTrail(objectId: $id, peildatum: $peil) { edges { node { datumInWerkelijkheid } } } }"""


async def dated_besluit(runtime: Runtime) -> dict[str, Any]:
    def setup() -> dict[str, Any]:
        seed_regios(runtime)
        seed_governance(runtime)
        before = dt.datetime.now(dt.UTC)
        gov = runtime.commands

        def voorstel(kenmerk: str) -> StelBesluitVoor:
            return StelBesluitVoor(
                kenmerk=kenmerk, regio="zhz", onderwerp="Terug gedateerd", gremium="zhz-ao", beslispunten=["akkoord"]
            )

        besluit = gov.run(DATED, voorstel("PEIL-2024")).aggregate_id
        overleg = gov.run(DATED, PlanOverleg(gremium="zhz-ao", datum=dt.date(2024, 5, 20), locatie=None)).aggregate_id
        gov.run(DATED, AgendeerBesluit(besluit=besluit, overleg=overleg))
        gov.run(Envelope(principal=PB), voorstel("PEIL-VANDAAG"))
        return {"besluit": str(besluit), "overleg": str(overleg), "before": before.isoformat()}

    given = await asyncio.to_thread(setup)
    await runtime.wait_for_views(await runtime.log_head())
    return given


def kenmerken(answer: dict[str, Any]) -> set[str]:
    return {n["kenmerk"] for n in answer["besluitenlijst"]["nodes"]} & {"PEIL-2024", "PEIL-VANDAAG"}


async def test_a_back_dated_besluit_and_agenda_show_by_peildatum_and_by_both_times(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    given = await dated_besluit(runtime)
    pb = token("programmabureau")

    assert kenmerken(await gql(client, pb, LIJST)) == {"PEIL-2024", "PEIL-VANDAAG"}
    assert kenmerken(await gql(client, pb, LIJST, {"peil": "2024-06-01"})) == {"PEIL-2024"}
    assert kenmerken(await gql(client, pb, LIJST, {"peil": "2024-04-30"})) == set()
    # as it stood on 2024-06-01 as known before the recording: nothing; as known now: the dated one
    assert kenmerken(await gql(client, pb, LIJST, {"peil": "2024-06-01", "asOf": given["before"]})) == set()
    now = dt.datetime.now(dt.UTC).isoformat()
    assert kenmerken(await gql(client, pb, LIJST, {"peil": "2024-06-01", "asOf": now})) == {"PEIL-2024"}

    pakket = (await gql(client, pb, PAKKET, {"id": given["overleg"], "peil": "2024-06-01"}))["agendapakket"]
    assert pakket["datum"] == "2024-05-20"
    assert [a["soort"] for a in pakket["agenda"]] == ["BESLUIT"]
    assert [b["kenmerk"] for b in pakket["besluiten"]] == ["PEIL-2024"]
    assert (await gql(client, pb, PAKKET, {"id": given["overleg"], "peil": "2024-04-30"}))["agendapakket"] is None

    besluit = await gql(client, pb, """query($id: ID!, $peil: Date) { besluit(id: $id, peildatum: $peil) {
      kenmerk status } }""", {"id": given["besluit"], "peil": "2024-06-01"})  # fmt: skip
    assert besluit["besluit"] == {"kenmerk": "PEIL-2024", "status": "GEAGENDEERD"}


async def test_the_audit_trail_and_the_registry_read_by_peildatum(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    given = await dated_besluit(runtime)
    pb = token("programmabureau")
    trail = await gql(client, pb, TRAIL, {"id": given["besluit"]})
    assert len(trail["auditTrail"]["edges"]) == 2  # voorgesteld, geagendeerd
    dated = await gql(client, pb, TRAIL, {"id": given["besluit"], "peil": "2024-06-01"})
    assert dated == trail
    assert (await gql(client, pb, TRAIL, {"id": given["besluit"], "peil": "2024-04-30"}))["auditTrail"]["edges"] == []

    regios = "query($peil: Date) { regios(peildatum: $peil) { code gemeenten { code } } }"
    assert any(r["code"] == "zhz" for r in (await gql(client, pb, regios))["regios"])
    # the registry was recorded today without a peildatum: it did not exist yet on 2024-06-01
    assert (await gql(client, pb, regios, {"peil": "2024-06-01"}))["regios"] == []
    gremia = 'query($peil: Date) { gremia(regio: "zhz", peildatum: $peil) { code } }'
    assert (await gql(client, pb, gremia))["gremia"] != []
    assert (await gql(client, pb, gremia, {"peil": "2024-06-01"}))["gremia"] == []


async def test_the_template_catalogue_by_peildatum_is_the_version_in_force_on_that_date(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    q = "query($peil: Date) { templateCatalogus(peildatum: $peil) { versie } }"
    pb = token("programmabureau")
    assert (await gql(client, pb, q, {"peil": "2025-03-01"}))["templateCatalogus"] == {"versie": "2025-02-19"}
    assert (await gql(client, pb, q, {"peil": "2025-02-19"}))["templateCatalogus"] == {"versie": "2025-02-19"}
    assert (await gql(client, pb, q, {"peil": "2025-02-18"}))["templateCatalogus"] is None

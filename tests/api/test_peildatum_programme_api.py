"""Valid time over GraphQL for the programme views (issue 16): a milestone
moved with a back-dated peildatum shows where it stood on each date, judged
on that date; ``asOf`` and ``peildatum`` together read as known at a moment;
the risk register and the budget read as they stood on a date."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import httpx

from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.programme.begroting import (
    LegBegrotingsregelVast,
    RegistreerRisico,
    StelBegrotingOp,
    WijzigRisicostatus,
)
from service.commands.programme.mijlpalen import PlanMijlpaal, VerplaatsMijlpaal
from service.commands.programme.programma import StartProgramma
from service.demo.seed import seed_regios
from service.graphql.relay import object_uuid
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.api.test_peildatum_api import imported
from tests.conftest import TokenFactory

PB = Principal("pb-peil", "PB", frozenset({"programmabureau"}))
P = "peil-p"


def on(day: dt.date) -> Envelope:
    return Envelope(principal=PB, peildatum=day)


def seed(runtime: Runtime) -> str:
    """A programme started on 2025-01-01 with a milestone due June 2025; a risk; a budget line."""
    seed_regios(runtime)
    c, start = runtime.commands, on(dt.date(2025, 1, 1))
    c.run(
        start,
        StartProgramma(
            code=P,
            naam="Peil",
            regio="amersfoort",
            periode_start=dt.date(2025, 1, 1),
            periode_eind=dt.date(2027, 12, 31),
            doelen=["doel"],
            opdrachtgevers=["GM0307"],
        ),
    )
    saved = c.run(
        start,
        PlanMijlpaal(
            titel="Peilmijlpaal",
            soort="overleg",
            eigenaar_soort="programma",
            eigenaar=P,
            programma=P,
            datum=dt.date(2025, 6, 1),
            precisie="maand",
            omschrijving="",
        ),
    )
    c.run(
        start,
        RegistreerRisico(
            programma=P, nummer="R1", omschrijving="Risico", maatregelen=["maatregel"], eigenaar="programmamanager"
        ),
    )
    c.run(start, StelBegrotingOp(programma=P, jaren=[2025, 2026]))
    for day, bedrag in ((dt.date(2025, 2, 1), "100"), (dt.date(2025, 8, 1), "250")):
        c.run(
            on(day),
            LegBegrotingsregelVast(
                programma=P, code="a", taak="Taak", invulling="", pm=False, bedragen={2025: Decimal(bedrag)}
            ),
        )
    c.run(on(dt.date(2025, 5, 1)), WijzigRisicostatus(programma=P, nummer="R1", status="beheerst"))
    return str(saved.aggregate_id)


async def settle(runtime: Runtime) -> None:
    assert await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0, timeout_s=60)


MIJLPAAL = """query($id: ID!, $peil: Date, $asOf: DateTime) {
  mijlpaal(id: $id, peildatum: $peil, asOf: $asOf) {
    regionaal { forecast status slipDagen redenen }
    verschuivingen { van naar reden }
  }
  verschuivingen(mijlpaalId: $id, peildatum: $peil, asOf: $asOf) { naar }
}"""


async def mijlpaal(client: httpx.AsyncClient, pb: str, mid: str, **variables: Any) -> dict[str, Any] | None:
    data = await gql(client, pb, MIJLPAAL, {"id": mid, **variables})
    assert data["mijlpaal"] is None or [v["naar"] for v in data["mijlpaal"]["verschuivingen"]] == [
        v["naar"] for v in data["verschuivingen"]
    ]
    return data["mijlpaal"]  # type: ignore[no-any-return]


async def test_a_back_dated_milestone_move_shows_by_peildatum_and_is_judged_on_it(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    pb = token("programmabureau")
    mid = await asyncio.to_thread(seed, runtime)
    await settle(runtime)
    await asyncio.sleep(0.05)
    before_move = dt.datetime.now(dt.UTC).isoformat()
    await asyncio.sleep(0.05)
    verplaatsing = VerplaatsMijlpaal(
        mijlpaal=uuid.UUID(mid),
        naar=dt.date(2025, 9, 1),
        precisie="maand",
        reden_categorie="capaciteit",
        reden="drukte",
    )
    await asyncio.to_thread(runtime.commands.run, on(dt.date(2025, 3, 1)), verplaatsing)
    await settle(runtime)

    assert await mijlpaal(client, pb, mid, peil="2024-12-31") is None
    early = await mijlpaal(client, pb, mid, peil="2025-02-01")
    assert early is not None
    assert (early["regionaal"]["forecast"], early["regionaal"]["status"], early["verschuivingen"]) == (
        "2025-06-01",
        "GEPLAND",
        [],
    )
    moved = await mijlpaal(client, pb, mid, peil="2025-04-01")
    assert moved is not None
    # moved beyond the baseline's period (June): late by the forecast's period end
    assert (moved["regionaal"]["forecast"], moved["regionaal"]["status"]) == ("2025-09-01", "VERTRAAGD")
    assert moved["regionaal"]["slipDagen"] == 92
    assert moved["verschuivingen"] == [{"van": "2025-06-01", "naar": "2025-09-01", "reden": "drukte"}]
    late = await mijlpaal(client, pb, mid, peil="2025-10-15")  # open after its forecast period: judged on D
    assert late is not None
    assert (late["regionaal"]["status"], late["regionaal"]["slipDagen"]) == ("VERTRAAGD", 107)
    now = await mijlpaal(client, pb, mid)
    assert now is not None and now["regionaal"]["status"] == "VERTRAAGD"  # judged today: the period has passed

    # both times: on 2025-04-01 as known before the move was recorded, and as known now
    known_before = await mijlpaal(client, pb, mid, peil="2025-04-01", asOf=before_move)
    assert known_before is not None
    assert (known_before["regionaal"]["forecast"], known_before["verschuivingen"]) == ("2025-06-01", [])
    assert known_before["regionaal"]["status"] == "GEPLAND"
    unmoved_late = await mijlpaal(client, pb, mid, peil="2025-07-15", asOf=before_move)
    assert unmoved_late is not None
    assert (unmoved_late["regionaal"]["status"], unmoved_late["regionaal"]["slipDagen"]) == ("VERTRAAGD", 15)
    assert await mijlpaal(client, pb, mid, peil="2025-04-01", asOf=dt.datetime.now(dt.UTC).isoformat()) == moved

    planning = """query($peil: Date) { mijlpalenplanning(programma: "peil-p", peildatum: $peil, first: 10) {
      nodes { forecast status } } }"""
    rows = (await gql(client, pb, planning, {"peil": "2025-04-01"}))["mijlpalenplanning"]["nodes"]
    assert rows == [{"forecast": "2025-09-01", "status": "VERTRAAGD"}]
    rows = (await gql(client, pb, planning, {"peil": "2025-02-01"}))["mijlpalenplanning"]["nodes"]
    assert rows == [{"forecast": "2025-06-01", "status": "GEPLAND"}]
    assert (await gql(client, pb, planning, {"peil": "2024-06-01"}))["mijlpalenplanning"]["nodes"] == []


async def test_the_risk_register_budget_and_programme_read_as_they_stood_on_a_peildatum(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    pb = token("programmabureau")
    await asyncio.to_thread(seed, runtime)
    await settle(runtime)
    query = """query($peil: Date) {
      programma(code: "peil-p", peildatum: $peil) { code }
      risicoregister(programma: "peil-p", peildatum: $peil, first: 5) { nodes { status historie { soort } } }
      begroting(programma: "peil-p", peildatum: $peil) { totaal regels { code totaal } }
    }"""

    async def read(peil: str | None) -> dict[str, Any]:
        return await gql(client, pb, query, {"peil": peil})

    before = await read("2024-12-31")
    assert (before["programma"], before["risicoregister"]["nodes"], before["begroting"]) == (None, [], None)
    feb = await read("2025-03-01")
    assert [(r["status"], len(r["historie"])) for r in feb["risicoregister"]["nodes"]] == [("OPEN", 1)]
    assert (feb["begroting"]["totaal"], feb["begroting"]["regels"]) == ("100.00", [{"code": "a", "totaal": "100.00"}])
    summer = await read("2025-06-01")
    assert [(r["status"], len(r["historie"])) for r in summer["risicoregister"]["nodes"]] == [("BEHEERST", 2)]
    assert summer["begroting"]["totaal"] == "100.00"
    autumn = await read("2025-09-01")
    assert autumn["begroting"]["totaal"] == "250.00" and autumn["programma"] == {"code": "peil-p"}
    assert await read(None) == autumn


async def test_a_plan_read_by_peildatum_shows_the_milestones_of_its_points_as_they_stood(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    """The nested ``Ontwikkelpunt.mijlpalen`` follows the plan's peildatum (and is judged on it)."""
    await imported(runtime)
    pb = token("programmabureau")
    query = """query($peil: Date) { ontwikkelplan(gemeente: "GM0327", peildatum: $peil) {
      ontwikkelpunten { id mijlpalen { forecast status } } } }"""

    async def milestones(peil: str | None) -> dict[str, list[dict[str, str]]]:
        plan = (await gql(client, pb, query, {"peil": peil}))["ontwikkelplan"]
        return {p["id"]: p["mijlpalen"] for p in plan["ontwikkelpunten"]}

    punt = next(iter(await milestones("2024-03-01")))
    c = runtime.commands
    plan = PlanMijlpaal(
        titel="Punt", soort="overleg", eigenaar_soort="ontwikkelpunt",
        eigenaar=str(object_uuid(punt, "punt", "Ontwikkelpunt")),
        datum=dt.date(2025, 3, 1), precisie="maand", omschrijving="",
    )  # fmt: skip
    saved = await asyncio.to_thread(c.run, on(dt.date(2024, 11, 1)), plan)
    later = VerplaatsMijlpaal(
        mijlpaal=saved.aggregate_id,
        naar=dt.date(2025, 5, 1),
        precisie="maand",
        reden_categorie="capaciteit",
        reden="drukte",
    )
    await asyncio.to_thread(c.run, on(dt.date(2025, 2, 1)), later)
    await settle(runtime)
    assert (await milestones("2024-10-01"))[punt] == []
    assert (await milestones("2025-01-01"))[punt] == [{"forecast": "2025-03-01", "status": "GEPLAND"}]
    assert (await milestones("2025-02-15"))[punt] == [{"forecast": "2025-05-01", "status": "VERTRAAGD"}]
    assert (await milestones(None))[punt] == [{"forecast": "2025-05-01", "status": "VERTRAAGD"}]

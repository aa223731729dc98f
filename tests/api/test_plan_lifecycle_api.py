"""Closing a plan, rewording a regional point and letting it lapse, over HTTP:
the happy path, bad input, a stale expected version, a role that may not, and
a retry with the same idempotency key."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan, StelOntwikkelplanVast
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast
from service.demo.seed import seed_regios
from service.graphql.relay import to_global_id
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

AMERSFOORT, BAARN = "GM0307", "GM0308"
PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
ERRORS = "__typename ... on UserError { code message } ... on ConflictError { currentVersion }"
PLAN = "... on OntwikkelplanPayload { version position ontwikkelplan { status version } }"
REGIONAAL = """... on RegionaalOntwikkelpuntPayload { version position
  regionaalOntwikkelpunt { doel beoogdResultaat indicatoren actief version } }"""


def mutation(name: str, input_type: str, payload: str) -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {ERRORS} {payload} }} }}"


SLUIT = mutation("sluitOntwikkelplanAf", "SluitOntwikkelplanAfInput", PLAN)
HERFORMULEER = mutation("herformuleerRegionaalOntwikkelpunt", "HerformuleerRegionaalOntwikkelpuntInput", REGIONAAL)
VERVAL = mutation("laatRegionaalOntwikkelpuntVervallen", "LaatRegionaalOntwikkelpuntVervallenInput", REGIONAAL)


@pytest.fixture
async def plans(runtime: Runtime) -> dict[str, Any]:
    def setup() -> dict[str, Any]:
        seed_regios(runtime)
        gm = Envelope(principal=Principal("official-amf", "A", frozenset({"gemeente"}), gemeente=AMERSFOORT))
        run = runtime.commands.run
        run(
            gm,
            MaakOntwikkelplan(
                regio="amersfoort", gemeente=AMERSFOORT, periode="2025-2027", template_versie="2025-02-19"
            ),
        )
        run(
            Envelope(principal=PB),
            MaakOntwikkelplan(regio="amersfoort", gemeente=BAARN, periode="2025-2027", template_versie="2025-02-19"),
        )
        vast = run(gm, StelOntwikkelplanVast(gemeente=AMERSFOORT, periode="2025-2027", datum=dt.date(2025, 3, 1)))
        regionaal = run(Envelope(principal=PB), StelRegionaalOntwikkelpuntVast(
            regio="amersfoort", basisfunctie=1, thema="BF1-08",
            doel="Samen opleiden", beoogd_resultaat="Alle teams geschoold", indicatoren=["Percentage geschoold"],
        ))  # fmt: skip
        return {
            "plan_version": vast.version,
            "regionaal": str(to_global_id("RegionaalOntwikkelpunt", regionaal.aggregate_id)),
            "position": runtime.app.recorder.max_notification_id() or 0,
        }

    given = await asyncio.to_thread(setup)
    await runtime.wait_for_views(given["position"])
    return given


async def test_a_gemeente_closes_its_vastgesteld_plan_and_then_it_changes_no_more(
    client: httpx.AsyncClient, token: TokenFactory, plans: dict[str, Any]
) -> None:
    gm = token("gemeente", gemeente=AMERSFOORT)
    data = {"gemeente": AMERSFOORT, "datum": "2026-01-05", "expectedVersion": plans["plan_version"]}
    closed = (await gql(client, gm, SLUIT, {"input": {**data, "toelichting": "periode voorbij"}}))[
        "sluitOntwikkelplanAf"
    ]
    assert closed["__typename"] == "OntwikkelplanPayload"
    assert closed["ontwikkelplan"] == {"status": "AFGESLOTEN", "version": plans["plan_version"] + 1}
    punt = {"gemeente": AMERSFOORT, "basisfunctie": 1, "thema": "BF1-06", "doel": "Nog een punt"}
    add = mutation("voegOntwikkelpuntToe", "VoegOntwikkelpuntToeInput", "")
    assert (await gql(client, gm, add, {"input": punt}))["voegOntwikkelpuntToe"]["__typename"] == (
        "InvalidTransitionError"
    )


async def test_closing_a_plan_refuses_a_future_date_a_stale_version_another_gemeente_and_a_concept_plan(
    client: httpx.AsyncClient, token: TokenFactory, plans: dict[str, Any]
) -> None:
    gm, baarn = token("gemeente", gemeente=AMERSFOORT), token("gemeente", gemeente=BAARN)
    ok = {"gemeente": AMERSFOORT, "datum": "2026-01-05"}
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    bad = (await gql(client, gm, SLUIT, {"input": {**ok, "datum": future}}))["sluitOntwikkelplanAf"]
    assert (bad["__typename"], bad["code"]) == ("ValidationError", "VALIDATION_FAILED")
    stale = (await gql(client, gm, SLUIT, {"input": {**ok, "expectedVersion": 1}}))["sluitOntwikkelplanAf"]
    assert (stale["__typename"], stale["currentVersion"]) == ("ConflictError", plans["plan_version"])
    other = (await gql(client, baarn, SLUIT, {"input": ok}))["sluitOntwikkelplanAf"]
    assert other["__typename"] == "NotAllowedError" and "eigen plan" in other["message"]
    concept = (await gql(client, baarn, SLUIT, {"input": {**ok, "gemeente": BAARN}}))["sluitOntwikkelplanAf"]
    assert concept["__typename"] == "InvalidTransitionError"


async def test_the_programme_office_rewords_a_regional_point_and_lets_it_lapse_and_then_no_progress_is_reported(
    client: httpx.AsyncClient, token: TokenFactory, plans: dict[str, Any]
) -> None:
    pb, gm = token("programmabureau"), token("gemeente", gemeente=AMERSFOORT)
    reword = {
        "regionaalOntwikkelpunt": plans["regionaal"], "doel": "Samen opleiden en trainen",
        "beoogdResultaat": "Alle teams geschoold en getraind", "indicatoren": ["Percentage getraind"],
        "expectedVersion": 1, "toelichting": "scherper geformuleerd",
    }  # fmt: skip
    done = (await gql(client, pb, HERFORMULEER, {"input": reword}))["herformuleerRegionaalOntwikkelpunt"]
    assert done["regionaalOntwikkelpunt"] == {
        "doel": "Samen opleiden en trainen",
        "beoogdResultaat": "Alle teams geschoold en getraind",
        "indicatoren": ["Percentage getraind"],
        "actief": True,
        "version": 2,
    }
    lapse = {"regionaalOntwikkelpunt": plans["regionaal"], "expectedVersion": 2, "idempotencyKey": "verval-1"}
    first = (await gql(client, pb, VERVAL, {"input": lapse}))["laatRegionaalOntwikkelpuntVervallen"]
    again = (await gql(client, pb, VERVAL, {"input": lapse}))["laatRegionaalOntwikkelpuntVervallen"]
    assert (first["regionaalOntwikkelpunt"]["actief"], first["version"]) == (False, 3)
    assert again["__typename"] == "RegionaalOntwikkelpuntPayload" and again["version"] == 3
    voortgang = {
        "regionaalOntwikkelpunt": plans["regionaal"], "gemeente": AMERSFOORT,
        "standVanZaken": {"peildatum": "2026-01-05", "tekst": "Gestart", "signaal": "OP_KOERS"},
    }  # fmt: skip
    report = mutation("werkRegionaleVoortgangBij", "WerkRegionaleVoortgangBijInput", "")
    assert (await gql(client, gm, report, {"input": voortgang}))["werkRegionaleVoortgangBij"]["__typename"] == (
        "InvalidTransitionError"
    )


async def test_rewording_and_lapsing_refuse_bad_input_a_stale_version_a_gemeente_and_a_second_lapse(
    client: httpx.AsyncClient, token: TokenFactory, plans: dict[str, Any]
) -> None:
    pb, gm = token("programmabureau"), token("gemeente", gemeente=AMERSFOORT)
    reword = {"regionaalOntwikkelpunt": plans["regionaal"], "doel": " ", "beoogdResultaat": "", "indicatoren": []}
    bad = (await gql(client, pb, HERFORMULEER, {"input": reword}))["herformuleerRegionaalOntwikkelpunt"]
    assert bad["__typename"] == "ValidationError"
    problems = {"regionaalOntwikkelpunt": plans["regionaal"], "doel": "Ander doel", "beoogdResultaat": "R"}
    stale = await gql(client, pb, HERFORMULEER, {"input": {**problems, "expectedVersion": 7}})
    assert stale["herformuleerRegionaalOntwikkelpunt"]["currentVersion"] == 1
    denied = (await gql(client, gm, HERFORMULEER, {"input": problems}))["herformuleerRegionaalOntwikkelpunt"]
    assert denied["__typename"] == "NotAllowedError" and "programmabureau" in denied["message"]
    wrong_id = {"regionaalOntwikkelpunt": str(to_global_id("Ontwikkelplan", "x"))}
    assert (await gql(client, pb, VERVAL, {"input": wrong_id}))["laatRegionaalOntwikkelpuntVervallen"]["code"] == (
        "BAD_USER_INPUT"
    )
    assert (await gql(client, gm, VERVAL, {"input": {"regionaalOntwikkelpunt": plans["regionaal"]}}))[
        "laatRegionaalOntwikkelpuntVervallen"
    ]["__typename"] == "NotAllowedError"
    lapse = {"regionaalOntwikkelpunt": plans["regionaal"]}
    assert (await gql(client, pb, VERVAL, {"input": lapse}))["laatRegionaalOntwikkelpuntVervallen"]["version"] == 2
    second = (await gql(client, pb, VERVAL, {"input": lapse}))["laatRegionaalOntwikkelpuntVervallen"]
    assert second["__typename"] == "InvalidTransitionError"

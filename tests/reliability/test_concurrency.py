"""Many clients change the same ontwikkelpunt, milestone and budget line at
once, each with the version it last saw: no update is lost (the object's
version grows by exactly the number of successes), every success is in the
history, and every failure is a typed ConflictError with the current version."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import psycopg

from service.runtime import Runtime
from tests.conftest import TokenFactory
from tests.reliability.scenario import World, build_world

CLIENTS, ATTEMPTS = 8, 4
RESULT = "__typename ... on UserError { code message } ... on ConflictError { currentVersion }"
STAND = f"""mutation($input: WerkStandVanZakenBijInput!) {{ werkStandVanZakenBij(input: $input) {{
  {RESULT} ... on OntwikkelpuntPayload {{ version }} }} }}"""
VERPLAATS = f"""mutation($input: VerplaatsMijlpaalInput!) {{ verplaatsMijlpaal(input: $input) {{
  {RESULT} ... on MijlpaalPayload {{ version }} }} }}"""
REGEL = f"""mutation($input: BegrotingsregelInput!) {{ legBegrotingsregelVast(input: $input) {{
  {RESULT} ... on BegrotingPayload {{ version }} }} }}"""
TIMELINE = "query($id: ID!) { standVanZakenTijdlijn(id: $id, first: 200) { edges { node { tekst } } } }"
SHIFTS = "query($id: ID!) { mijlpaal(id: $id) { verschuivingen { reden } } }"

Inputs = Callable[[World, str, int], tuple[str, str, dict[str, Any]]]


def stand(world: World, tag: str, version: int) -> tuple[str, str, dict[str, Any]]:
    sv = {"peildatum": dt.date.today().isoformat(), "tekst": tag, "signaal": "OP_KOERS"}
    return (
        STAND,
        "werkStandVanZakenBij",
        {"ontwikkelpunt": world.punt_gid, "expectedVersion": version, "standVanZaken": sv},
    )


def verplaats(world: World, tag: str, version: int) -> tuple[str, str, dict[str, Any]]:
    day = dt.date(2025, 10, 1) + dt.timedelta(days=version)
    move = {"mijlpaalId": str(world.mijlpaal), "naar": day.isoformat(), "redenCategorie": "CAPACITEIT", "reden": tag}
    return VERPLAATS, "verplaatsMijlpaal", move | {"expectedVersion": version}


def regel(world: World, tag: str, version: int) -> tuple[str, str, dict[str, Any]]:
    line = {"programma": "p1", "code": "team", "taak": "Team", "invulling": tag, "bedragPerJaar": f"{version}.00"}
    return REGEL, "legBegrotingsregelVast", line | {"expectedVersion": version}


async def contend(
    client: httpx.AsyncClient, token: str, world: World, inputs: Inputs, start: int, who: int
) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    """One client: ATTEMPTS changes, each with the version it last saw."""
    version, successes, failures = start, [], []
    for attempt in range(ATTEMPTS):
        tag = f"client-{who}-{attempt}"
        document, name, data = inputs(world, tag, version)
        response = await client.post(
            "/v1/graphql", json={"query": document, "variables": {"input": data}},
            headers={"authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        result = response.json()["data"][name]
        if result["__typename"].endswith("Payload"):
            successes.append((tag, result["version"]))
            version = result["version"]
        else:
            failures.append(result)
            version = result.get("currentVersion", version)
    return successes, failures


def stored_versions(url: str, aggregate_id: object) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT originator_version FROM voortgang_events WHERE originator_id = %s ORDER BY 1", (aggregate_id,)
        ).fetchall()
    return [int(r[0]) for r in rows]


async def race(client: httpx.AsyncClient, token: str, world: World, inputs: Inputs, start: int) -> list[str]:
    outcomes = await asyncio.gather(*(contend(client, token, world, inputs, start, n) for n in range(CLIENTS)))
    successes = [s for ok, _ in outcomes for s in ok]
    failures = [f for _, bad in outcomes for f in bad]
    assert len(successes) + len(failures) == CLIENTS * ATTEMPTS
    assert successes, "at least one client got through"
    versions = sorted(v for _, v in successes)
    assert versions == list(range(start + 1, start + 1 + len(successes))), "no lost update, no version twice"
    for failure in failures:
        assert failure["__typename"] == "ConflictError" and failure["code"] == "CONFLICT", failure
        assert failure["currentVersion"] > start
    return [tag for tag, _ in successes]


async def test_concurrent_updates_of_one_point_milestone_and_budget_line_lose_nothing(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    world = await asyncio.to_thread(build_world, runtime.commands)
    pb, url = token("programmabureau"), runtime.database.url
    from domain.begroting import begroting_id

    targets: list[tuple[Inputs, object]] = [
        (stand, world.punt),
        (verplaats, world.mijlpaal),
        (regel, begroting_id("p1")),
    ]
    won: dict[str, list[str]] = {}
    for inputs, aggregate in targets:
        start = stored_versions(url, aggregate)[-1]
        won[inputs.__name__] = await race(client, pb, world, inputs, start)
        assert stored_versions(url, aggregate) == list(range(1, start + 1 + len(won[inputs.__name__])))
    await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0)
    timeline = await client.post(
        "/v1/graphql", json={"query": TIMELINE, "variables": {"id": world.punt_gid}},
        headers={"authorization": f"Bearer {pb}"},
    )  # fmt: skip
    texts = [e["node"]["tekst"] for e in timeline.json()["data"]["standVanZakenTijdlijn"]["edges"]]
    assert sorted(texts) == sorted(won["stand"])
    shifts = await client.post(
        "/v1/graphql", json={"query": SHIFTS, "variables": {"id": str(world.mijlpaal)}},
        headers={"authorization": f"Bearer {pb}"},
    )  # fmt: skip
    assert sorted(v["reden"] for v in shifts.json()["data"]["mijlpaal"]["verschuivingen"]) == sorted(won["verplaats"])

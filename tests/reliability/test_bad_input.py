"""Hostile input over HTTP: malformed JSON, wrong types, huge strings, unicode
edge cases (NUL, lone surrogates, RTL overrides), dates out of range and
negative or absurd money. Each is answered with a 4xx or a typed error, and
nothing is written (the event log does not move)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import httpx
import pytest

from service.runtime import Runtime
from tests.conftest import TokenFactory
from tests.reliability.scenario import World, build_world

STAND = """mutation($input: WerkStandVanZakenBijInput!) { werkStandVanZakenBij(input: $input) {
  __typename ... on UserError { code message } } }"""
KOSTEN = """mutation($input: LegKostenVastInput!) { legKostenVast(input: $input) {
  __typename ... on UserError { code message } } }"""
REGEL = """mutation($input: BegrotingsregelInput!) { legBegrotingsregelVast(input: $input) {
  __typename ... on UserError { code message } } }"""
BRON = """mutation($input: FinancieringsbronInput!) { voegFinancieringsbronToe(input: $input) {
  __typename ... on UserError { code message } } }"""
TODAY = dt.date.today().isoformat()


def stand(world: World, **sv: Any) -> tuple[str, dict[str, Any]]:
    value = {"peildatum": TODAY, "tekst": "ok", "signaal": "OP_KOERS"} | sv
    return STAND, {"ontwikkelpunt": world.punt_gid, "standVanZaken": value}


def kosten(world: World, bedrag: Any) -> tuple[str, dict[str, Any]]:
    return KOSTEN, {"ontwikkelpunt": world.punt_gid, "kosten": {"bedrag": bedrag, "omschrijving": "x"}}


def regel(bedrag: Any) -> tuple[str, dict[str, Any]]:
    return REGEL, {"programma": "p1", "code": "x", "taak": "X", "bedragen": [{"jaar": 2025, "bedrag": bedrag}]}


def bron(bedrag: Any) -> tuple[str, dict[str, Any]]:
    return BRON, {"programma": "p1", "naam": "Bron", "bedrag": bedrag}


CASES: dict[str, Any] = {
    "empty text": lambda w: stand(w, tekst=""),
    "huge text": lambda w: stand(w, tekst="x" * 200_000),
    "NUL byte": lambda w: stand(w, tekst="voor\x00na"),
    "lone surrogate": lambda w: stand(w, tekst="\ud800"),
    "peildatum in the future": lambda w: stand(w, peildatum="2999-01-01"),
    "peildatum year 1": lambda w: stand(w, peildatum="0001-01-01"),
    "impossible date": lambda w: stand(w, peildatum="2025-02-30"),
    "date beyond year 9999": lambda w: stand(w, peildatum="10000-01-01"),
    "unknown signal": lambda w: stand(w, signaal="PRIMA"),
    "wrong type for the text": lambda w: stand(w, tekst=12),
    "negative cost": lambda w: kosten(w, "-1.00"),
    "absurd cost": lambda w: kosten(w, "1e40"),
    "NaN cost": lambda w: kosten(w, "NaN"),
    "infinite cost": lambda w: kosten(w, "Infinity"),
    "cost as a boolean": lambda w: kosten(w, True),
    "fraction of a cent on a budget line": lambda w: regel("0.001"),
    "negative budget line": lambda w: regel("-5"),
    "budget line beyond the view's numeric(14,2)": lambda w: regel("99999999999999"),
    "NUL in a budget line task": lambda w: (REGEL, {"programma": "p1", "code": "y", "taak": "a\x00b", "pm": True}),
    "source beyond the view's numeric(14,2)": lambda w: bron("1e13"),
    "NaN source": lambda w: bron("NaN"),
}


def refused(response: httpx.Response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    assert response.status_code == 200, response.text
    body = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    if codes:
        assert "INTERNAL_ERROR" not in codes and all(codes), body
        return True
    result = next(iter(body["data"].values()))
    return str(result["__typename"]).endswith("Error")


@pytest.fixture
async def world(runtime: Runtime) -> World:
    world = await asyncio.to_thread(build_world, runtime.commands)
    await runtime.wait_for_views(world.position)
    return world


def head(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


async def test_every_hostile_value_is_refused_with_a_typed_error_and_changes_nothing(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory, world: World
) -> None:
    pb, before, accepted = token("programmabureau"), head(runtime), []
    for name, case in CASES.items():
        document, data = case(world)
        body = json.dumps({"query": document, "variables": {"input": data}})  # ASCII: a lone surrogate as \\ud800
        response = await client.post(
            "/v1/graphql", content=body, headers={"authorization": f"Bearer {pb}", "content-type": "application/json"}
        )
        if not refused(response):
            accepted.append(name)
    assert not accepted, accepted
    assert head(runtime) == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'["a", "list"]', "application/json"),
        (b'{"query": 12}', "application/json"),
        (b'{"variables": {}}', "application/json"),
        (b'{"query": "{ apiVersion }", "variables": "nope"}', "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"query=%7B%7D", "application/x-www-form-urlencoded"),
        (b'{"query": "' + b"{ apiVersion " * 20_000 + b'"}', "application/json"),
        (b'{"query": "{ apiVersion }", "pad": "' + b"x" * 2_000_000 + b'"}', "application/json"),
    ],
    ids=["malformed", "a list", "query not a string", "no query", "variables not an object", "not utf-8",
         "form encoded", "too many tokens", "body too large"],
)  # fmt: skip
async def test_a_malformed_request_body_gets_a_4xx_or_a_coded_error_and_changes_nothing(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory, body: bytes, content_type: str
) -> None:
    before = head(runtime)
    response = await client.post(
        "/v1/graphql", content=body,
        headers={"authorization": f"Bearer {token('programmabureau')}", "content-type": content_type},
    )  # fmt: skip
    assert refused(response), response.text[:300]
    assert head(runtime) == before


TIMELINE = "query($id: ID!) { standVanZakenTijdlijn(id: $id) { edges { node { tekst } } } }"
AWKWARD = "مرحلة \u202eأ\u202c 2 — שלב ב׳ 👩🏽‍⚕️ e\u0301 \u200b\ufeff end"


async def test_right_to_left_combining_and_zero_width_text_is_stored_and_read_back_unchanged(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory, world: World
) -> None:
    pb = token("programmabureau")
    document, data = stand(world, tekst=AWKWARD)
    headers = {"authorization": f"Bearer {pb}"}
    done = await client.post("/v1/graphql", json={"query": document, "variables": {"input": data}}, headers=headers)
    assert done.json()["data"]["werkStandVanZakenBij"]["__typename"] == "OntwikkelpuntPayload", done.text
    read = await client.post(
        "/v1/graphql", json={"query": TIMELINE, "variables": {"id": world.punt_gid}}, headers=headers
    )
    assert [e["node"]["tekst"] for e in read.json()["data"]["standVanZakenTijdlijn"]["edges"]] == [AWKWARD]

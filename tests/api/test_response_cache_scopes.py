"""The response cache retires per scope (migrations 0525 and 0595, service/readpath/response_cache.py):
a write in gemeente B leaves A's plan entry alive, a write in A or a regional change retires it;
a regio's entry (regiobeeld, regional points) lives through writes in another regio and its
gemeenten and retires on a write in the regio or one of its gemeenten; a directory change
(erasure) retires them; and a cached answer always equals an uncached one."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import psycopg
from graphql import parse

from domain.ontwikkelpunt import Kolommen
from domain.principal import Principal
from projections.rebuild import rebuild_online
from projections.registry import all_projections
from service.commands.base import Envelope, Saved
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.readpath.response_cache import RequestScope, request_scope
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
A, B, C = "GM0307", "GM0308", "GM0309"
PLAN = """query($g: String!) { ontwikkelplan(gemeente: $g) { gemeente status version
  ontwikkelpunten { doel uitvoerder version } regionaleOntwikkelpunten { doel voortgang { gemeente } } } }"""
REGIO = """query($r: String!) { regiobeeld(regio: $r) { gemeente basisfunctie concept }
  regionaleOntwikkelpunten(regio: $r) { doel voortgang { gemeente } } }"""
ZET = "mutation($i: ZetPersoonInput!) { zetPersoon(input: $i) { __typename } }"


def _point(runtime: Runtime, gemeente: str, doel: str) -> Saved:
    return runtime.commands.run(
        Envelope(principal=PB),
        VoegOntwikkelpuntToe(
            gemeente=gemeente,
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel=doel,
            zelfscan_link=None,
            kolommen=Kolommen(beoogd_resultaat="R"),
        ),
    )


def _regional(runtime: Runtime, doel: str, regio: str = "r") -> Saved:
    return runtime.commands.run(
        Envelope(principal=PB),
        StelRegionaalOntwikkelpuntVast(
            regio=regio, basisfunctie=1, thema="BF1-08", doel=doel, beoogd_resultaat="R", indicatoren=[]
        ),
    )


def _setup(runtime: Runtime) -> int:
    pb = Envelope(principal=PB)
    runtime.commands.run(pb, RegistreerRegio(code="r", naam="Regio"))
    for code in (A, B):
        runtime.commands.run(pb, RegistreerGemeente(regio="r", code=code, naam=code))
        runtime.commands.run(
            pb, MaakOntwikkelplan(regio="r", gemeente=code, periode="2025-2027", template_versie="2025-02-19")
        )
    return _point(runtime, B, "eerste van B").position


def _other_regio(runtime: Runtime) -> int:
    """Regio ``s`` with gemeente C, its plan and a point."""
    pb = Envelope(principal=PB)
    runtime.commands.run(pb, RegistreerRegio(code="s", naam="Andere regio"))
    runtime.commands.run(pb, RegistreerGemeente(regio="s", code=C, naam=C))
    runtime.commands.run(
        pb, MaakOntwikkelplan(regio="s", gemeente=C, periode="2025-2027", template_versie="2025-02-19")
    )
    return _point(runtime, C, "eerste van C").position


async def _write(runtime: Runtime, write: Any, *args: Any) -> None:
    saved = await asyncio.to_thread(write, runtime, *args)
    assert await runtime.wait_for_views(saved.position)


async def _plan(client: httpx.AsyncClient, token: str, gemeente: str) -> httpx.Response:
    body = {"query": PLAN, "variables": {"g": gemeente}}
    response = await client.post("/v1/graphql", json=body, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response


async def _regio(client: httpx.AsyncClient, token: str, regio: str) -> httpx.Response:
    body = {"query": REGIO, "variables": {"r": regio}}
    response = await client.post("/v1/graphql", json=body, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response


async def _given(runtime: Runtime) -> None:
    assert await runtime.wait_for_views(await asyncio.to_thread(_setup, runtime))
    assert await runtime.wait_for_views(await asyncio.to_thread(_other_regio, runtime))


async def test_a_write_in_b_keeps_the_plan_of_a_and_a_write_in_a_retires_it(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await _given(runtime)
    pb = token("programmabureau")
    first = await _plan(client, pb, A)
    await _write(runtime, _point, B, "nog een van B")
    kept = await _plan(client, pb, A)
    assert kept.headers.get("x-cache") == "hit" and kept.content == first.content
    await _write(runtime, _point, A, "nieuw in A")
    retired = await _plan(client, pb, A)
    assert "x-cache" not in retired.headers
    assert [p["doel"] for p in retired.json()["data"]["ontwikkelplan"]["ontwikkelpunten"]] == ["nieuw in A"]
    assert (await _plan(client, pb, B)).json()["data"]["ontwikkelplan"]["gemeente"] == B


async def test_a_regional_change_retires_the_plan_of_every_gemeente_of_the_regio(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await _given(runtime)
    pb = token("programmabureau")
    for g in (A, B):
        await _plan(client, pb, g)
        assert (await _plan(client, pb, g)).headers.get("x-cache") == "hit"
    await _write(runtime, _regional, "Scholing")
    for g in (A, B):
        after = await _plan(client, pb, g)
        assert "x-cache" not in after.headers
        assert [r["doel"] for r in after.json()["data"]["ontwikkelplan"]["regionaleOntwikkelpunten"]] == ["Scholing"]


async def test_a_directory_change_retires_a_plan_entry(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await _given(runtime)
    pb = token("programmabureau")
    await _plan(client, pb, A)
    assert (await _plan(client, pb, A)).headers.get("x-cache") == "hit"
    await gql(client, pb, ZET, {"i": {"actorId": "scope-1", "naam": "Naam Die Gewist Wordt"}})
    assert "x-cache" not in (await _plan(client, pb, A)).headers


async def test_a_cached_answer_always_equals_an_uncached_one_after_random_writes(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    """Differential: after each random write (a point in A, B or C, a regional point of either
    regio), every gemeente's plan and every regio's regiobeeld and regional points from the cache
    equal the answers executed with the cache emptied."""
    await _given(runtime)
    pb, own = token("programmabureau"), token("gemeente", A)
    cache = runtime.response_cache
    assert cache is not None
    rng = random.Random(14)  # noqa: S311 - a reproducible sequence of writes
    for step in range(10):
        kind = rng.choice(["A", "B", "C", "regio", "regio s"])
        if kind.startswith("regio"):
            await _write(runtime, _regional, f"regionaal {step}", kind.removeprefix("regio").strip() or "r")
        else:
            await _write(runtime, _point, {"A": A, "B": B, "C": C}[kind], f"punt {step}")
        for who in (pb, own):
            for ask, scope in [(_plan, g) for g in (A, B, C)] + [(_regio, r) for r in ("r", "s")]:
                cached = await ask(client, who, scope)
                cache._entries.clear()
                fresh = await ask(client, who, scope)
                assert cached.json() == fresh.json(), (step, kind, scope)


def test_the_root_gemeente_and_regio_arguments_are_the_scope_of_a_request() -> None:
    def scopes(query: str, variables: dict[str, Any] | None = None, name: str | None = None) -> Any:
        found = request_scope(parse(query), name, variables)
        return None if found is None else found.gemeenten | {f"regio {r}" for r in found.regios}

    assert scopes(PLAN, {"g": A}) == {A}
    assert scopes(PLAN, {"g": 7}) is None  # not a string: execution gives the typed error
    assert scopes('{ a: ontwikkelplan(gemeente: "X") { id } b: auditTrail(gemeente: "Y") { totalCount } }') == {
        "X",
        "Y",
    }
    assert scopes('{ ontwikkelplan(gemeente: "X") { id } regios { code } }') is None
    assert scopes(
        '{ ...F __typename } fragment F on Query { ... on Query { ontwikkelplan(gemeente: "X") { id } } }'
    ) == {"X"}
    assert scopes('query P { regios { code } } query Q { ontwikkelplan(gemeente: "X") { id } }', name="Q") == {"X"}
    assert scopes("{ ontwikkelplannen { id } }") is None
    assert scopes(REGIO, {"r": "r"}) == {"regio r"}
    assert scopes(REGIO, {"r": None}) is None
    assert scopes('{ regiobeeld(regio: "r") { concept } ontwikkelplan(gemeente: "X") { id } }') == {"X", "regio r"}
    assert scopes('{ vergaderkalender(regio: "r") { __typename } }') is None  # not a regio-scoped root
    assert request_scope(parse(REGIO), None, {"r": "r"}) == RequestScope(frozenset(), frozenset({"r"}))


async def test_a_regio_entry_lives_through_writes_elsewhere_and_retires_on_a_write_in_the_regio(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await _given(runtime)
    pb = token("programmabureau")
    first = await _regio(client, pb, "r")
    await _write(runtime, _point, C, "nog een van C")  # a gemeente of another regio
    await _write(runtime, _regional, "Elders", "s")  # a regional point of another regio
    kept = await _regio(client, pb, "r")
    assert kept.headers.get("x-cache") == "hit" and kept.content == first.content
    assert "x-cache" not in (await _regio(client, pb, "s")).headers
    await _write(runtime, _point, B, "nieuw in B")  # a gemeente of the regio
    retired = await _regio(client, pb, "r")
    assert "x-cache" not in retired.headers and retired.content != first.content
    assert (await _regio(client, pb, "r")).headers.get("x-cache") == "hit"
    await _write(runtime, _regional, "Hier")  # a regional point of the regio
    regional = await _regio(client, pb, "r")
    assert "x-cache" not in regional.headers
    assert [r["doel"] for r in regional.json()["data"]["regionaleOntwikkelpunten"]] == ["Hier"]
    await _regio(client, pb, "r")
    await gql(client, pb, ZET, {"i": {"actorId": "scope-2", "naam": "Naam Die Gewist Wordt"}})
    assert "x-cache" not in (await _regio(client, pb, "r")).headers  # the directory (erasure)


def _scope_triggers(url: str) -> tuple[list[str], dict[str, int], list[str]]:
    """(every view table, scope triggers per table, view tables without a rule)."""
    tables = sorted({t for p in all_projections() for t in p.tables})
    with psycopg.connect(url) as conn:
        rules = {str(r[0]) for r in conn.execute("SELECT view_table FROM response_cache_scope_rule").fetchall()}
        triggers = conn.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE 'response_cache_scope_%' GROUP BY c.relname"
        ).fetchall()
    return tables, {str(r[0]): int(r[1]) for r in triggers}, [t for t in tables if t not in rules]


def test_every_view_table_has_a_scope_rule_and_its_triggers(runtime: Runtime) -> None:
    """Generated over the registry: a view table without the triggers would never retire an entry."""
    tables, triggers, without_rule = _scope_triggers(runtime.database.url)
    assert without_rule == []
    assert triggers == dict.fromkeys(tables, 4)


async def test_a_rebuild_keeps_the_triggers_and_retires_every_entry(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory
) -> None:
    await _given(runtime)
    pb = token("programmabureau")
    await _plan(client, pb, A)
    assert (await _plan(client, pb, A)).headers.get("x-cache") == "hit"
    other = token("gemeente", B)
    await _write(runtime, _point, A, "concept van A")
    hidden = (await _plan(client, other, A)).json()  # A's plan is a concept: B sees none of it
    assert "concept van A" not in str(hidden)
    url = runtime.database.url
    result = await asyncio.to_thread(rebuild_online, url, runtime.app.mapper, all_projections())
    assert result.swapped
    tables, triggers, _ = _scope_triggers(url)
    assert triggers == dict.fromkeys(tables, 4)  # on the new tables too
    with psycopg.connect(url) as conn:  # and their row-level security (LIKE copies none)
        unprotected = conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace"
            " AND NOT c.relrowsecurity",
            (["ontwikkelpunt_view", "deelstap_view", "ontwikkelplan_view"],),
        ).fetchall()
    assert unprotected == []
    assert runtime.response_cache is not None
    runtime.response_cache._entries.clear()
    assert (await _plan(client, other, A)).json() == hidden
    assert "x-cache" not in (await _plan(client, pb, A)).headers
    await _write(runtime, _point, A, "na de rebuild")
    cached = await _plan(client, pb, A)
    assert "x-cache" not in cached.headers and "na de rebuild" in cached.text

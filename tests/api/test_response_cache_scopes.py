"""The response cache retires per scope (migration 0525, service/readpath/response_cache.py):
a write in gemeente B leaves A's plan entry alive, a write in A or a regional change retires it,
a directory change (erasure) retires it, and a cached answer always equals an uncached one."""

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
from service.readpath.response_cache import request_gemeenten
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
A, B = "GM0307", "GM0308"
PLAN = """query($g: String!) { ontwikkelplan(gemeente: $g) { gemeente status version
  ontwikkelpunten { doel uitvoerder version } regionaleOntwikkelpunten { doel voortgang { gemeente } } } }"""
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


def _regional(runtime: Runtime, doel: str) -> Saved:
    return runtime.commands.run(
        Envelope(principal=PB),
        StelRegionaalOntwikkelpuntVast(
            regio="r", basisfunctie=1, thema="BF1-08", doel=doel, beoogd_resultaat="R", indicatoren=[]
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


async def _write(runtime: Runtime, write: Any, *args: Any) -> None:
    saved = await asyncio.to_thread(write, runtime, *args)
    assert await runtime.wait_for_views(saved.position)


async def _plan(client: httpx.AsyncClient, token: str, gemeente: str) -> httpx.Response:
    body = {"query": PLAN, "variables": {"g": gemeente}}
    response = await client.post("/v1/graphql", json=body, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response


async def _given(runtime: Runtime) -> None:
    assert await runtime.wait_for_views(await asyncio.to_thread(_setup, runtime))


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
    """Differential: after each random write (a point in A or B, a regional point), every
    gemeente's plan from the cache equals the plan executed with the cache emptied."""
    await _given(runtime)
    pb, own = token("programmabureau"), token("gemeente", A)
    cache = runtime.response_cache
    assert cache is not None
    rng = random.Random(14)  # noqa: S311 - a reproducible sequence of writes
    for step in range(8):
        kind = rng.choice(["A", "B", "B", "regio"])
        if kind == "regio":
            await _write(runtime, _regional, f"regionaal {step}")
        else:
            await _write(runtime, _point, A if kind == "A" else B, f"punt {step}")
        for who in (pb, own):
            for g in (A, B):
                cached = await _plan(client, who, g)
                cache._entries.clear()
                fresh = await _plan(client, who, g)
                assert cached.json() == fresh.json(), (step, kind, g)


def test_the_root_gemeente_arguments_are_the_scope_of_a_request() -> None:
    def scopes(query: str, variables: dict[str, Any] | None = None, name: str | None = None) -> Any:
        return request_gemeenten(parse(query), name, variables)

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

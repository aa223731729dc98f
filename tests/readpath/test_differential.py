"""The differential test of the compiled read path (issue 14): every covered
document of the suite and generated ones run against the same data through the
compiled statement and through graphql-core, as several principals (own
gemeente, other gemeente, programme office, overleg, auditor), now and as of
an earlier moment, and the answers must be identical, errors included."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.base import CommandMeta, command_context
from domain.mijlpaal import Mijlpaal
from service.app import create_app
from service.config import Settings
from service.demo.seed import seed_demo
from service.graphql.relay import object_uuid
from service.readpath.compiler import CompiledCache
from service.runtime import Runtime
from tests.api.test_cross_area_api import dordrecht_point
from tests.conftest import TEST_SECRET, TokenFactory
from tests.readpath.corpus import collected, generated

GEMEENTEN = ("GM0307", "GM0308", "GM0313", "GM0505", "", "GM9999")
PRINCIPALS = (
    ("programmabureau", None),
    ("overleg", None),
    ("auditor", None),
    ("gemeente", "GM0307"),
    ("gemeente", "GM0505"),
)


@pytest.fixture
def settings(database: Any, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database.url,
        data_dir=tmp_path,
        auth_hs256_secret=TEST_SECRET,  # type: ignore[arg-type]
        log_level="WARNING",
        response_cache_entries=0,
        # every document of the suite, twice, as every role: the rate limit is not under test
        rate_limit_per_s=1_000_000.0,
        rate_limit_burst=1_000_000,
    )


def seed(runtime: Runtime) -> dt.datetime:
    """The demo data; then (after the returned instant) Dordrecht's concept plan with
    a concept point, milestones on the point and on a deelstap, and a stand van zaken."""
    seed_demo(runtime)
    instant = dt.datetime.now(dt.UTC)
    punt = object_uuid(dordrecht_point(runtime), "id", "Ontwikkelpunt")
    with command_context(CommandMeta(actor_id="pb-test")):
        mijlpalen = [
            Mijlpaal.plan(
                titel=titel, soort="overig", eigenaar_soort=soort, eigenaar_id=eigenaar, programma=None, project=None,
                datum=datum, precisie="dag",
            )
            for titel, soort, eigenaar, datum in (
                ("Werkwijze klaar", "deelstap", f"{punt}/d1", dt.date(2026, 2, 1)),
                ("Plan af", "ontwikkelpunt", str(punt), dt.date(2026, 2, 1)),
                ("Al voorbij", "ontwikkelpunt", str(punt), dt.date(2025, 1, 1)),
            )
        ]  # fmt: skip
    runtime.app.save(*mijlpalen)
    return instant


@pytest.fixture
async def both(settings: Settings, runtime: Runtime) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    instant = await asyncio.to_thread(seed, runtime)
    assert await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0, timeout_s=120)
    runtime.instant = instant  # type: ignore[attr-defined]
    compiled = create_app(settings, runtime)
    plain = create_app(settings.model_copy(update={"compiled_reads": False}), runtime)
    async with compiled.router.lifespan_context(compiled), plain.router.lifespan_context(plain):
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://testserver")
            for a in (compiled, plain)
        ]
        async with clients[0], clients[1]:
            yield clients[0], clients[1]


def variables_for(document: str, gemeente: str, instant: str | None) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    if "$g" in document:
        variables["g"] = gemeente
    if "$t" in document:
        variables["t"] = instant
    return variables


async def ask(client: httpx.AsyncClient, tok: str, document: str, variables: dict[str, Any]) -> Any:
    response = await client.post(
        "/graphql", json={"query": document, "variables": variables}, headers={"authorization": f"Bearer {tok}"}
    )
    return response.status_code, response.json()


def compiled_cache(client: httpx.AsyncClient) -> CompiledCache:
    app = client._transport.app  # type: ignore[attr-defined]
    route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    cache = route.endpoint.schema.compiled_reads
    assert isinstance(cache, CompiledCache)
    return cache


async def test_every_covered_query_of_the_suite_answers_the_same_both_ways(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient], runtime: Runtime, token: TokenFactory
) -> None:
    compiled, plain = both
    documents = collected(_schema(compiled))
    assert len(documents) >= 5, documents  # README, bench full plan, plans, statement count, ...
    instant = runtime.instant.isoformat()  # type: ignore[attr-defined]
    compared, with_points, with_mijlpalen = 0, 0, 0
    for role, gemeente in PRINCIPALS:
        tok = token(role, gemeente)
        for document in documents:
            for g in GEMEENTEN:
                for t in (None, instant):
                    variables = variables_for(document, g, t)
                    answer = await ask(compiled, tok, document, variables)
                    assert answer == await ask(plain, tok, document, variables), (document, variables, role)
                    compared += 1
                    punten = ((answer[1].get("data") or {}).get("ontwikkelplan") or {}).get("ontwikkelpunten") or []
                    with_points += bool(punten)
                    with_mijlpalen += any(p.get("mijlpalen") for p in punten)
    assert with_points > compared // 4 and with_mijlpalen > 0, (with_points, with_mijlpalen, compared)
    cache = compiled_cache(compiled)
    assert cache.answered > compared // 2, (cache.answered, cache.fell_back, compared)


async def test_generated_selections_answer_the_same_both_ways(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient], runtime: Runtime, token: TokenFactory
) -> None:
    compiled, plain = both
    rng = random.Random(1414)  # noqa: S311 - reproducible test data
    instant = runtime.instant.isoformat()  # type: ignore[attr-defined]
    odd = ["not a date", "2025-01-01T00:00:00", None, instant]
    for document in generated(60):
        for _ in range(3):
            role, gemeente = rng.choice(PRINCIPALS)
            tok = token(role, gemeente)
            variables = variables_for(document, rng.choice(GEMEENTEN), rng.choice(odd))
            assert await ask(compiled, tok, document, variables) == await ask(plain, tok, document, variables), (
                document,
                variables,
                role,
                gemeente,
            )
    assert compiled_cache(compiled).answered >= 100


async def test_typed_errors_are_the_same_both_ways(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient], token: TokenFactory
) -> None:
    compiled, plain = both
    tok = token("gemeente", "GM0307")
    cases = [
        ("query($g: String!) { ontwikkelplan(gemeente: $g) { gemeente } }", {}),
        ("query($g: String!) { ontwikkelplan(gemeente: $g) { gemeente } }", {"g": 7}),
        ('{ ontwikkelplan(gemeente: "GM0307", minPosition: 999999999) { gemeente } }', {}),
        ('{ ontwikkelplan(gemeente: "GM0307", asOf: "gisteren") { gemeente } }', {}),
        ('{ ontwikkelplan(gemeente: "GM0307") { ontwikkelpunten { besluiten { kenmerk } doel } } }', {}),
        ('{ ontwikkelplan(gemeente: "GM0307") { gemeente @include(if: false) status } }', {}),
    ]
    for document, variables in cases:
        assert await ask(compiled, tok, document, variables) == await ask(plain, tok, document, variables)
    assert compiled_cache(compiled).answered == 0  # each of them fell back (or was refused) before any SQL


async def test_a_plan_by_peildatum_falls_back_to_graphql_core_and_answers_the_same(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient], runtime: Runtime, token: TokenFactory
) -> None:
    """The compiled statement knows no valid time: with ``peildatum`` graphql-core answers."""
    compiled, plain = both
    instant = runtime.instant.isoformat()  # type: ignore[attr-defined]
    document = (
        "query($g: String!, $p: Date, $t: DateTime) { ontwikkelplan(gemeente: $g, peildatum: $p, asOf: $t) {"
        " gemeente ontwikkelpunten { doel hygiene laatsteStandVanZaken { peildatum } } } }"
    )
    answered = compiled_cache(compiled).answered
    seen = 0
    for role, gemeente in PRINCIPALS:
        tok = token(role, gemeente)
        for g in GEMEENTEN:
            for p in ("2020-01-01", "2025-06-30", dt.date.today().isoformat()):
                for t in (None, instant):
                    variables = {"g": g, "p": p, "t": t}
                    answer = await ask(compiled, tok, document, variables)
                    assert answer == await ask(plain, tok, document, variables), (variables, role)
                    seen += bool((answer[1].get("data") or {}).get("ontwikkelplan"))
    assert seen > 0
    assert compiled_cache(compiled).answered == answered


FILTERED = [
    "query($g: String!, $f: OntwikkelpuntFilter, $t: DateTime) { ontwikkelplan(gemeente: $g, asOf: $t) { gemeente"
    " ontwikkelpunten(filter: $f) { doel status hygiene laatsteStandVanZaken { signaal } } } }",
    "query($g: String!, $f: OntwikkelpuntFilter, $t: DateTime) { ontwikkelplan(gemeente: $g, asOf: $t) {"
    " alle: ontwikkelpunten { doel } bf1: ontwikkelpunten(filter: {basisfunctie: [1]}) { doel basisfunctie }"
    " gefilterd: ontwikkelpunten(filter: $f) { id thema deelstappen { tekst } } } }",
    "query($g: String!, $f: OntwikkelpuntFilter, $n: Int) { ontwikkelplan(gemeente: $g) { gemeente"
    " ontwikkelpuntenConnection(filter: $f, first: $n) { totalCount edges { cursor node { doel } }"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }",
    "query($g: String!, $f: OntwikkelpuntFilter, $n: Int) { ontwikkelplan(gemeente: $g) {"
    " ontwikkelpuntenConnection(filter: $f, last: $n) { totalCount nodes { doel basisfunctie } } } }",
]
FILTERS: list[dict[str, Any] | None] = [
    None,
    {},
    {"basisfunctie": [1, 2]},
    {"status": ["CONCEPT", "VASTGESTELD"], "tekst": "e"},
    {"stale": False, "signaal": ["OP_KOERS", "ACHTER", "AANDACHT_NODIG"]},
    {"stale": True, "thema": ["BF1-06", "BF3"]},
    {"tekst": "ZORG"},
    {"basisfunctie": [9]},  # refused: graphql-core's typed error, both ways
    {"thema": []},  # refused: 1 to 20 values
]
REFUSED = 2


async def test_filtered_points_are_compiled_the_connection_falls_back_and_both_answer_the_same(
    both: tuple[httpx.AsyncClient, httpx.AsyncClient], runtime: Runtime, token: TokenFactory
) -> None:
    """``ontwikkelpunten(filter:)`` is compiled into the statement (the filter's values are
    parameters, row-level security the only read rule), now and as of an earlier moment;
    a refused filter and the paged connection fall back to graphql-core. Both ways agree."""
    compiled, plain = both
    cache = compiled_cache(compiled)
    instant = runtime.instant.isoformat()  # type: ignore[attr-defined]
    answered = dict.fromkeys(FILTERED, 0)
    seen = 0
    for role, gemeente in PRINCIPALS:
        tok = token(role, gemeente)
        for document in FILTERED:
            for f in FILTERS:
                for g in GEMEENTEN:
                    for t in (None, instant) if "$t" in document else (None,):
                        variables = {"g": g, "f": f, "n": 2, **({"t": t} if "$t" in document else {})}
                        before = cache.answered
                        answer = await ask(compiled, tok, document, variables)
                        answered[document] += cache.answered - before
                        assert answer == await ask(plain, tok, document, variables), (document, variables, role)
                        seen += bool((answer[1].get("data") or {}).get("ontwikkelplan"))
    assert seen > 0
    codes = [g for g in GEMEENTEN if g]  # an empty code is refused before execution
    accepted = len(PRINCIPALS) * (len(FILTERS) - REFUSED) * len(codes) * 2
    assert answered[FILTERED[0]] == answered[FILTERED[1]] == accepted, answered
    assert answered[FILTERED[2]] == answered[FILTERED[3]] == 0, answered


def _schema(client: httpx.AsyncClient) -> Any:
    app = client._transport.app  # type: ignore[attr-defined]
    route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    return route.endpoint.schema._schema

"""A schema-driven fuzz run: ``hypothesis-graphql`` (the generator under
schemathesis's GraphQL mode) builds queries AND mutations over the whole
schema, from the app's own SDL, with arbitrary unicode (NUL, control
characters, lone surrogates) in every string and random selections; each is
sent over HTTP to the real app as the programmabureau and as a gemeente (a
gemeente registered in the store: strict tokens). Never a 5xx, never
``INTERNAL_ERROR``, never an unmasked error (every message is a typed one,
with no Python exception or database text in it).

Short and deterministic in the normal suite (``FUZZ_EXAMPLES`` per operation
kind and role, derandomized); ``VOORTGANG_SLOW=1`` runs the long form
(``VOORTGANG_FUZZ_EXAMPLES``, default 1 500 per kind and role: 6 000 requests)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from graphql import GraphQLSchema, build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from service.config import Settings
from service.graphql.schema import build_schema as build_app_schema
from service.runtime import Runtime
from tests.conftest import SLOW
from tests.reliability.matrix import add_secret_point, find_targets
from tests.reliability.test_authorization_matrix import role_token

SHORT_EXAMPLES = 50
LONG_EXAMPLES = int(os.environ.get("VOORTGANG_FUZZ_EXAMPLES", "1500"))
EXAMPLES = LONG_EXAMPLES if SLOW else SHORT_EXAMPLES
ROLES = ("programmabureau", "gemeente_own")

UNMASKED = re.compile(
    r"Traceback|Exception|Error\b|psycopg|NoneType|object has no attribute|unexpected keyword|"
    r"invalid input syntax|violates|null value in column|codec can't|surrogates not allowed|"
    r"list index|KeyError|not subscriptable|unsupported operand|\bline \d+|\.py\b"
)
"""Text of a Python exception or of PostgreSQL: never in an answer."""


def custom_scalars() -> dict[str, st.SearchStrategy[Any]]:
    text = st.text(max_size=30)
    return {
        "Date": st.one_of(st.dates().map(dt.date.isoformat), text).map(nodes.String),
        "DateTime": st.one_of(st.datetimes().map(dt.datetime.isoformat), text).map(nodes.String),
        "Decimal": st.one_of(st.decimals(allow_nan=False, allow_infinity=False).map(Decimal.__str__), text).map(
            nodes.String
        ),
        "JSON": text.map(nodes.String),
    }


def app_schema() -> GraphQLSchema:
    """Built again from the app's printed SDL (what a client sees)."""
    return build_schema(str(build_app_schema()))


def generate(kind: str, count: int) -> list[str]:
    """``count`` documents of one kind, the same on every run (derandomized)."""
    strategy = (queries if kind == "query" else mutations)(
        app_schema(), custom_scalars=custom_scalars(), codec=None, allow_x00=True
    )
    out: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        out.append(document)

    collect()
    return out


def check_answer(response: httpx.Response, what: str, statuses: tuple[int, ...] = (200, 400, 413, 429)) -> None:
    """No 5xx, only ``statuses``, problem+json for non-200, every GraphQL error
    coded and not INTERNAL_ERROR, and no message with Python or database text."""
    assert response.status_code < 500, (what, response.status_code, response.text[:500])
    assert response.status_code in statuses, (what, response.status_code, response.text[:500])
    body = response.json()
    if response.status_code != 200:
        assert response.headers["content-type"].startswith("application/problem+json"), what
        assert not UNMASKED.search(str(body.get("detail", ""))), (what, body)
        return
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code and code != "INTERNAL_ERROR", (what, error)
        assert not UNMASKED.search(error.get("message", "")), (what, error)
    for problem in _payload_problems(body.get("data")):
        assert not UNMASKED.search(problem), (what, problem)


def _payload_problems(data: Any) -> list[str]:
    """Messages of the typed errors in union results (``... on UserError``)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("message", "detail") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_payload_problems(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_payload_problems(item))
    return found


def fuzz_run(examples: int) -> Callable[..., Any]:
    async def run(client: httpx.AsyncClient, settings_: Settings, runtime: Runtime) -> dict[str, int]:
        position = await asyncio.to_thread(add_secret_point, runtime.commands)
        assert await runtime.wait_for_views(position)
        targets = find_targets(settings_.database_url or "")
        tokens = {role: role_token(settings_, role, targets) for role in ROLES}
        counts: dict[str, int] = {}
        findings: list[str] = []
        for kind in ("query", "mutation"):
            documents = generate(kind, examples)
            for role, token in tokens.items():
                for document in documents:
                    # ensure_ascii: a lone surrogate travels as its \\ud800 escape, as a hostile client sends it
                    body = json.dumps({"query": document}).encode()
                    response = await client.post(
                        "/v1/graphql", content=body,
                        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
                    )  # fmt: skip
                    try:
                        check_answer(response, f"{role} {document[:400]!r}")
                    except AssertionError as finding:
                        findings.append(str(finding)[:1500])
                    counts[str(response.status_code)] = counts.get(str(response.status_code), 0) + 1
        assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:20])
        return counts

    return run


async def test_generated_queries_and_mutations_over_the_whole_schema_never_fail_untyped(
    seeded_client: httpx.AsyncClient, seeded_settings: Settings, seeded_runtime: Runtime
) -> None:
    counts = await fuzz_run(SHORT_EXAMPLES)(seeded_client, seeded_settings, seeded_runtime)
    assert sum(counts.values()) >= 2 * len(ROLES) * SHORT_EXAMPLES * 0.9, counts


@pytest.mark.slow
async def test_the_long_schema_fuzz_run_never_fails_untyped(
    seeded_client: httpx.AsyncClient, seeded_settings: Settings, seeded_runtime: Runtime
) -> None:
    counts = await fuzz_run(EXAMPLES)(seeded_client, seeded_settings, seeded_runtime)
    print("schema fuzz:", sum(counts.values()), "requests", counts)  # noqa: T201
    assert sum(counts.values()) >= 2 * len(ROLES) * EXAMPLES * 0.9, counts

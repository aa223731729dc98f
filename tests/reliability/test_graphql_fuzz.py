"""A fuzzer generated from the schema: every query and mutation field, called
with random (often ill-typed, huge, unicode-hostile) arguments by every kind
of role against the demo data. Never a 500, never an unmasked internal error,
every error carries a code, and every answer comes quickly."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import httpx
import pytest
from graphql import GraphQLNamedType

from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database
from tests.reliability.conftest import reliability_settings
from tests.reliability.matrix import ROLES, Targets, add_secret_point, find_targets
from tests.reliability.schema_walk import Value, arguments, graphql_schema, operation, random_scalar, root_fields
from tests.reliability.test_authorization_matrix import role_token
from tests.reliability.test_schema_fuzz import check_answer

ROUNDS = 3


@pytest.fixture(scope="module")
def seeded_settings(seeded_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A short read-your-writes bound: a ``minPosition`` beyond the log waits
    for it in full (then answers from the current views)."""
    settings = reliability_settings(seeded_database.url, tmp_path_factory.mktemp("fuzz"))
    return settings.model_copy(update={"read_your_writes_timeout_s": 1.0})


SLOWEST_S = 5.0


def fuzz_choice(rnd: random.Random, targets: Targets) -> Value:
    def choose(name: str, t: GraphQLNamedType) -> Any:
        if name.startswith("?"):
            return rnd.random() < 0.3
        if name in targets.values and rnd.random() < 0.5:
            return targets.values[name]
        return random_scalar(rnd, t)

    return choose


def check(response: httpx.Response, elapsed: float, what: str) -> None:
    check_answer(response, what, statuses=(200, 400, 413))  # the rate limit is off here
    assert elapsed < SLOWEST_S, (what, elapsed)


async def test_random_arguments_to_every_field_never_cause_a_500_an_internal_error_or_a_hang(
    seeded_client: httpx.AsyncClient, seeded_settings: Settings, seeded_runtime: Runtime
) -> None:
    position = await asyncio.to_thread(add_secret_point, seeded_runtime.commands)
    assert await seeded_runtime.wait_for_views(position)
    targets = find_targets(seeded_settings.database_url or "")
    rnd = random.Random(20261123)  # noqa: S311 - reproducible fuzzing, not cryptography
    tokens = [role_token(seeded_settings, role, targets) for role in ROLES]
    schema = graphql_schema()
    requests = 0
    for kind in ("query", "mutation"):
        for name, field in root_fields(schema, kind).items():
            for _round in range(ROUNDS):
                args = arguments(field, fuzz_choice(rnd, targets), all_optional=True)
                document, variables = operation(kind, name, field, args)
                started = time.monotonic()
                response = await seeded_client.post(
                    "/v1/graphql", json={"query": document, "variables": variables},
                    headers={"authorization": f"Bearer {rnd.choice(tokens)}"},
                )  # fmt: skip
                check(response, time.monotonic() - started, f"{kind}.{name} {variables!r:.300}")
                requests += 1
    assert requests >= 3 * 100

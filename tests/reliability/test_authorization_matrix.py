"""Every query and mutation field of the schema × every role, against the
demo data: the outcome (allowed or refused by a rule) equals the table in
``authz_table.py``, which must name every field of the schema; no role that
may not see a gemeente's concept points ever gets their text; bad tokens 401."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest

from service.access.auth import issue_development_token
from service.config import Settings
from service.runtime import Runtime
from tests.conftest import TEST_SECRET
from tests.reliability.authz_table import EXPECTED
from tests.reliability.matrix import ROLES, Targets, add_secret_point, claims, classify, find_targets, plausible
from tests.reliability.schema_walk import arguments, graphql_schema, operation, root_fields

SEES_CONCEPTS = {"gemeente_own", "programmabureau", "overleg", "auditor"}


def all_fields() -> list[tuple[str, str]]:
    schema = graphql_schema()
    return [(kind, name) for kind in ("query", "mutation") for name in root_fields(schema, kind)]


def test_the_expectation_table_names_every_field_of_the_schema_and_no_other() -> None:
    in_schema = {f"{kind}.{name}" for kind, name in all_fields()}
    assert set(EXPECTED) == in_schema, {
        "missing from the table": sorted(in_schema - set(EXPECTED)),
        "not in the schema": sorted(set(EXPECTED) - in_schema),
    }
    assert all(len(row) == len(ROLES) and set(row) <= {"A", "D"} for row in EXPECTED.values())


def role_token(settings: Settings, role: str, targets: Targets) -> str:
    c = claims(role, targets)
    extra = {k: v for k, v in c.items() if k not in ("role", "gemeente")}
    return issue_development_token(
        settings, roles=[c["role"]], name=role, gemeente=c.get("gemeente"), subject=f"matrix-{role}", extra=extra
    )


async def observe(
    client: httpx.AsyncClient, tokens: dict[str, str], targets: Targets, kind: str, name: str
) -> tuple[str, list[str]]:
    field = root_fields(graphql_schema(), kind)[name]
    document, variables = operation(kind, name, field, arguments(field, plausible(name, targets)))

    async def ask(role: str) -> httpx.Response:
        body = {"query": document, "variables": variables}
        return await client.post("/v1/graphql", json=body, headers={"authorization": f"Bearer {tokens[role]}"})

    responses = await asyncio.gather(*(ask(role) for role in ROLES))
    row, leaks = "", []
    for role, response in zip(ROLES, responses, strict=True):
        row += classify(kind, name, response.status_code, response.json())
        if targets.secret in response.text and role not in SEES_CONCEPTS:
            leaks.append(role)
        elif targets.secret in response.text:
            leaks.append(f"seen by {role}")
    return row, leaks


async def test_every_field_answers_every_role_as_the_table_says_and_never_leaks_concept_points(
    seeded_client: httpx.AsyncClient, seeded_settings: Settings, seeded_runtime: Runtime
) -> None:
    position = await asyncio.to_thread(add_secret_point, seeded_runtime.commands)
    assert await seeded_runtime.wait_for_views(position)
    targets = find_targets(seeded_settings.database_url or "")
    tokens = {role: role_token(seeded_settings, role, targets) for role in ROLES}
    observed, leaked = {}, {}
    for kind, name in all_fields():
        row, leaks = await observe(seeded_client, tokens, targets, kind, name)
        observed[f"{kind}.{name}"] = row
        if leaks:
            leaked[f"{kind}.{name}"] = leaks
    assert "seen by gemeente_own" in leaked.pop("query.ontwikkelplan"), "the secret is reachable at all"
    assert not [k for k, v in leaked.items() if not all(r.startswith("seen by") for r in v)], leaked
    differences = {k: (EXPECTED.get(k), v) for k, v in observed.items() if EXPECTED.get(k) != v}
    assert not differences, "(expected, observed) per field in role order " + str(ROLES) + str(differences)


def b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def bad_tokens(settings: Settings) -> dict[str, str]:
    now = int(time.time())
    good: dict[str, Any] = {
        "sub": "x",
        "roles": ["programmabureau"],
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
    }
    good |= {"iat": now, "exp": now + 600}
    valid = jwt.encode(good, TEST_SECRET, algorithm="HS256")
    head, body, signature = valid.split(".")
    tampered_body = jwt.encode(good | {"roles": ["auditor"]}, TEST_SECRET, algorithm="HS256").split(".")[1]
    return {
        "expired": jwt.encode(good | {"exp": now - 60, "iat": now - 700}, TEST_SECRET, algorithm="HS256"),
        "other issuer": jwt.encode(good | {"iss": "someone-else"}, TEST_SECRET, algorithm="HS256"),
        "other audience": jwt.encode(good | {"aud": "another-api"}, TEST_SECRET, algorithm="HS256"),
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(good)}.",
        "tampered signature": f"{head}.{body}.{signature[:-4]}AAAA",
        "tampered claims": f"{head}.{tampered_body}.{signature}",
        "other secret": jwt.encode(good, "another-secret-" + "y" * 32, algorithm="HS256"),
        "no expiry": jwt.encode({k: v for k, v in good.items() if k != "exp"}, TEST_SECRET, algorithm="HS256"),
        "unknown role": jwt.encode(good | {"roles": ["admin"]}, TEST_SECRET, algorithm="HS256"),
        "garbage": "not.a.token",
    }


@pytest.mark.parametrize(
    "kind",
    ["expired", "other issuer", "other audience", "alg none", "tampered signature", "tampered claims",
     "other secret", "no expiry", "unknown role", "garbage"],
)  # fmt: skip
async def test_a_request_with_a_bad_token_is_refused_with_401(
    seeded_client: httpx.AsyncClient, seeded_settings: Settings, kind: str
) -> None:
    token = bad_tokens(seeded_settings)[kind]
    response = await seeded_client.post(
        "/v1/graphql", json={"query": "{ apiVersion }"}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401, (kind, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")

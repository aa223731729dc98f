"""Strict tokens (issue 12): claims are typed strictly and the codes they name
must exist in the store; anything else is 401 problem+json with a reason code."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import httpx
import jwt
import pytest

from domain.principal import Principal
from service.access.auth import AuthError
from service.commands.base import Envelope
from service.commands.governance.gremium import StelGremiumIn
from service.commands.programme.programma import NeemProjectOp, StartProgramma
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.config import Settings
from service.runtime import Runtime
from service.tokens.known import KnownCodes
from tests.conftest import TEST_SECRET

PB = Principal(actor_id="pb-tokens", name="PB", roles=frozenset({"programmabureau"}))
GREMIUM, PROJECT = "t-ao", "MON"


def build_world(runtime: Runtime) -> int:
    """Regio amersfoort with GM0307 and GM0308, a gremium and a project."""
    cmd = Envelope(principal=PB)
    runtime.commands.run(cmd, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    for code, naam in (("GM0307", "Amersfoort"), ("GM0308", "Baarn")):
        runtime.commands.run(cmd, RegistreerGemeente(regio="amersfoort", code=code, naam=naam))
    runtime.commands.run(
        cmd,
        StelGremiumIn(
            code=GREMIUM,
            regio="amersfoort",
            naam="Ambtelijk overleg",
            type="ambtelijk",
            cadans="ad_hoc",
            ingesteld_op=dt.date(2022, 1, 1),
            voorzitter=None,
            zetels=[],
        ),
    )
    runtime.commands.run(
        cmd,
        StartProgramma(
            code="p-t",
            naam="Programma",
            regio="amersfoort",
            periode_start=dt.date(2024, 1, 1),
            periode_eind=dt.date(2026, 12, 31),
            doelen=["doel"],
            opdrachtgevers=["GM0307"],
        ),
    )
    saved = runtime.commands.run(
        cmd,
        NeemProjectOp(
            programma="p-t",
            code=PROJECT,
            naam="Monitoring",
            soort="projectlijn",
            herkomst="nieuw",
            omschrijving="Monitoring",
        ),
    )
    return saved.position


@pytest.fixture
async def world(runtime: Runtime) -> Runtime:
    position = await asyncio.to_thread(build_world, runtime)
    assert await runtime.wait_for_views(position)
    return runtime


def signed(settings: Settings, **claims: Any) -> str:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "tokens-test",
        "name": "T",
        "roles": ["gemeente"],
        "gemeente": "GM0308",
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + 600,
    }
    merged = {k: v for k, v in (base | claims).items() if v is not DROP}
    return jwt.encode(merged, TEST_SECRET, algorithm="HS256")


DROP = object()
"""A claim value meaning: leave the claim out."""

BAD_TOKENS: list[tuple[str, dict[str, Any], str]] = [
    ("exp as string", {"exp": str(int(time.time()) + 600)}, "TOKEN_CLAIM_INVALID"),
    ("iat as string", {"iat": "1700000000"}, "TOKEN_CLAIM_INVALID"),
    ("nbf as boolean", {"nbf": True}, "TOKEN_CLAIM_INVALID"),
    ("roles as object", {"roles": {"gemeente": True}}, "TOKEN_CLAIM_INVALID"),
    ("roles as string", {"roles": "gemeente"}, "TOKEN_CLAIM_INVALID"),
    ("roles empty", {"roles": []}, "TOKEN_CLAIM_INVALID"),
    ("a known and an unknown role", {"roles": ["gemeente", "admin"]}, "TOKEN_UNKNOWN_ROLE"),
    ("gemeente GM03O8", {"gemeente": "GM03O8"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente gm0308", {"gemeente": "gm0308"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente GM308", {"gemeente": "GM308"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente GM03080", {"gemeente": "GM03080"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente 0308", {"gemeente": "0308"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente sql injection", {"gemeente": "' OR 1=1 --"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente GM0308 with a NUL", {"gemeente": "GM0308\u0000"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente GM0308 with a newline", {"gemeente": "GM0308\n"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente with arabic-indic digits", {"gemeente": "GM\u0660\u0663\u0660\u0668"}, "TOKEN_CLAIM_INVALID"),
    ("gemeente GM9999", {"gemeente": "GM9999"}, "TOKEN_UNKNOWN_GEMEENTE"),
    ("gemeente 308 as number", {"gemeente": 308}, "TOKEN_CLAIM_INVALID"),
    ("gemeente as list", {"gemeente": ["GM0308"]}, "TOKEN_CLAIM_INVALID"),
    ("gemeente as object", {"gemeente": {"code": "GM0308"}}, "TOKEN_CLAIM_INVALID"),
    ("gemeente true", {"gemeente": True}, "TOKEN_CLAIM_INVALID"),
    ("gemeente role without gemeente", {"gemeente": DROP}, "TOKEN_CLAIM_MISSING"),
    ("secretaris without gremia", {"roles": ["secretaris"], "gemeente": DROP}, "TOKEN_CLAIM_MISSING"),
    ("secretaris of an unknown gremium", {"roles": ["secretaris"], "gremia": ["t-xx"]}, "TOKEN_UNKNOWN_GREMIUM"),
    ("gremia as string", {"roles": ["secretaris"], "gremia": GREMIUM}, "TOKEN_CLAIM_INVALID"),
    ("projectleider without projecten", {"roles": ["projectleider"], "gemeente": DROP}, "TOKEN_CLAIM_MISSING"),
    ("projectleider of an unknown project", {"roles": ["projectleider"], "projecten": ["XX"]}, "TOKEN_UNKNOWN_PROJECT"),
    ("projecten as object", {"roles": ["projectleider"], "projecten": {PROJECT: 1}}, "TOKEN_CLAIM_INVALID"),
    ("sub as number", {"sub": 12}, "TOKEN_INVALID"),
    ("expired", {"exp": int(time.time()) - 120}, "TOKEN_EXPIRED"),
    ("not yet valid", {"nbf": int(time.time()) + 3600}, "TOKEN_NOT_YET_VALID"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "claims", "code"), BAD_TOKENS, ids=[c[0] for c in BAD_TOKENS])
async def test_a_token_with_a_bad_claim_is_refused_with_401_problem_json_and_a_reason_code(
    client: httpx.AsyncClient, settings: Settings, world: Runtime, case: str, claims: dict[str, Any], code: str
) -> None:
    response = await client.post(
        "/v1/graphql",
        json={"query": '{ ontwikkelplan(gemeente: "GM0308") { status } }'},
        headers={"authorization": f"Bearer {signed(settings, **claims)}"},
    )
    assert response.status_code == 401, (case, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert (body["status"], body["code"]) == (401, code), body
    assert "data" not in body and "Traceback" not in response.text


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"roles": ["secretaris"], "gemeente": DROP, "gremia": [GREMIUM]},
        {"roles": ["projectleider"], "gemeente": DROP, "projecten": [PROJECT]},
        {"roles": ["programmabureau"], "gemeente": DROP, "iat": 1.5e9, "nbf": 1_500_000_000, "jti": "x"},
    ],
    ids=["gemeente GM0308", "secretaris", "projectleider", "float iat, extra claim"],
)
async def test_a_token_with_good_claims_of_codes_that_exist_is_served(
    client: httpx.AsyncClient, settings: Settings, world: Runtime, claims: dict[str, Any]
) -> None:
    response = await client.post(
        "/v1/graphql",
        json={"query": "{ apiVersion }"},
        headers={"authorization": f"Bearer {signed(settings, **claims)}"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["apiVersion"]


async def test_known_codes_are_checked_from_memory_and_reloaded_when_a_gemeente_is_registered(
    world: Runtime,
) -> None:
    known = KnownCodes()
    baarn = Principal("t", "T", frozenset({"gemeente"}), gemeente="GM0308")
    for _ in range(50):
        await known.check(world.pool, baarn)
    assert known.reloads == 1, "a known code costs no query after the first load"
    newcomer = Principal("t", "T", frozenset({"gemeente"}), gemeente="GM0351")
    with pytest.raises(AuthError) as refused:
        await known.check(world.pool, newcomer)
    assert refused.value.code == "TOKEN_UNKNOWN_GEMEENTE"
    saved = await asyncio.to_thread(
        world.commands.run,
        Envelope(principal=PB),
        RegistreerGemeente(regio="amersfoort", code="GM0351", naam="Leusden"),
    )
    assert await world.wait_for_views(saved.position)
    await known.check(world.pool, newcomer)
    assert known.reloads == 3
    await asyncio.gather(*(known.check(world.pool, baarn) for _ in range(20)))
    assert known.reloads == 3

"""Subscriptions over graphql-transport-ws against a real server (uvicorn in a
thread, its own projector): authenticated at ``connection_init``, origin
checked, and a change by another client arrives within a second."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from domain.catalogue import CURRENT_VERSION
from domain.ontwikkelpunt import Kolommen
from domain.principal import Principal
from service.app import create_app
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.config import Settings
from service.live.broker import Broker, LiveEvent
from service.live.registry import live_rules
from service.runtime import Runtime
from tests.conftest import TokenFactory
from tests.servers import serving

PORTAAL = "https://portaal.example.nl"
SUBSCRIBE = "subscription { wijzigingen(topics: [REGIO_CHANGED]) { topic eventType objectId position } }"


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    live_settings = settings.model_copy(update={"cors_origins": [PORTAAL], "run_projector": True})
    with serving(create_app(live_settings), ws="websockets-sansio") as host:
        yield host


async def open_socket(host: str, token: str | None, origin: str = PORTAAL) -> ClientConnection:
    protocol = Subprotocol("graphql-transport-ws")
    ws = await connect(f"ws://{host}/v1/graphql", subprotocols=[protocol], origin=Origin(origin))
    payload = {"authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return ws


async def receive(ws: ClientConnection, within_s: float) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), within_s))
    return message


async def test_a_change_by_another_client_arrives_at_a_subscriber_within_a_second(
    server: str, token: TokenFactory
) -> None:
    ws = await open_socket(server, token("overleg"))  # a gemeente token needs its gemeente in the store
    assert (await receive(ws, 5))["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    await asyncio.sleep(0.5)  # the subscription is registered with the broker
    async with httpx.AsyncClient(base_url=f"http://{server}") as other:
        started = time.monotonic()
        response = await other.post(
            "/v1/graphql",
            json={"query": 'mutation { registreerRegio(input: {code: "live", naam: "Live"}) { __typename } }'},
            headers={"authorization": f"Bearer {token('programmabureau')}"},
        )
        assert response.json()["data"]["registreerRegio"]["__typename"] == "RegioPayload"
        message = await receive(ws, 1.0)
        elapsed = time.monotonic() - started
    assert message["type"] == "next"
    change = message["payload"]["data"]["wijzigingen"]
    assert change["topic"] == "REGIO_CHANGED"
    assert change["eventType"] == "Regio.Geregistreerd"
    assert change["position"] >= 1
    assert elapsed < 1.0
    await ws.close()


async def test_a_socket_without_a_valid_token_is_closed_at_connection_init(server: str) -> None:
    for token in (None, "x.y.z"):
        ws = await open_socket(server, token)
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws, 5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403
        assert closed.value.rcvd.reason == ("TOKEN_MISSING" if token is None else "TOKEN_MALFORMED")


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"gemeente": "GM03O8"}, "TOKEN_CLAIM_INVALID"),
        ({"gemeente": ["GM0308"]}, "TOKEN_CLAIM_INVALID"),
        ({"gemeente": "GM9999"}, "TOKEN_UNKNOWN_GEMEENTE"),
        ({"exp": "9999999999"}, "TOKEN_CLAIM_INVALID"),
        ({"roles": {"gemeente": True}}, "TOKEN_CLAIM_INVALID"),
        ({"roles": ["secretaris"]}, "TOKEN_CLAIM_MISSING"),
    ],
    ids=["gemeente GM03O8", "gemeente as list", "gemeente GM9999", "exp as string", "roles as object", "no gremia"],
)
async def test_a_socket_with_a_bad_claim_is_closed_at_connection_init_with_the_reason_code(
    server: str, token: TokenFactory, claims: dict[str, Any], code: str
) -> None:
    gemeente = claims.pop("gemeente", "GM0307")
    ws = await open_socket(server, token("gemeente", gemeente, **claims))
    with pytest.raises(ConnectionClosed) as closed:
        await receive(ws, 5)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, code)


async def test_a_socket_from_an_origin_not_on_the_allow_list_is_refused(server: str, token: TokenFactory) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(server, token(), origin="https://kwaad.example.com")
    assert refused.value.response.status_code == 403


def _principal(role: str, gemeente: str | None = None) -> Principal:
    return Principal(actor_id=str(uuid4()), name="t", roles=frozenset({role}), gemeente=gemeente)


async def test_a_change_of_a_concept_point_reaches_only_those_who_may_see_the_point(runtime: Runtime) -> None:
    """Visibility of a notification is that of its object, asked of the database
    as the subscriber (row-level security), not a rule of its own."""
    pb = Envelope(principal=_principal("programmabureau"))
    gm = Envelope(principal=_principal("gemeente", "GM0307"))
    runtime.commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    for code in ("GM0307", "GM0308"):
        runtime.commands.run(pb, RegistreerGemeente(regio="amersfoort", code=code, naam=code))
    runtime.commands.run(
        gm,
        MaakOntwikkelplan(regio="amersfoort", gemeente="GM0307", periode="2025-2027", template_versie=CURRENT_VERSION),
    )
    broker = Broker(runtime.database.url, runtime.pool, runtime.app.mapper, live_rules())
    broker.last_seen = await broker._views_position()
    roles = {
        "own": _principal("gemeente", "GM0307"),
        "other": _principal("gemeente", "GM0308"),
        "pb": _principal("programmabureau"),
        "projectleider": _principal("projectleider"),
    }
    async with contextlib.AsyncExitStack() as stack:
        subs = {
            k: await stack.enter_async_context(broker.subscribe(p, frozenset({"PLAN_CHANGED"})))
            for k, p in roles.items()
        }
        broker._task.cancel()  # type: ignore[union-attr]  # drained by hand below
        saved = runtime.commands.run(
            gm,
            VoegOntwikkelpuntToe(
                gemeente="GM0307",
                periode="2025-2027",
                basisfunctie=1,
                thema="BF1-06",
                doel="Concept",
                zelfscan_link=None,
                kolommen=Kolommen(),
            ),
        )
        assert await runtime.wait_for_views(saved.position)
        await broker.drain()
        got = {k: {e.object_id for e in _drain(s.queue)} for k, s in subs.items()}
    assert saved.aggregate_id in got["own"] and saved.aggregate_id in got["pb"]
    assert saved.aggregate_id not in got["other"] | got["projectleider"]


def _drain(queue: asyncio.Queue[LiveEvent]) -> list[LiveEvent]:
    out = []
    while not queue.empty():
        out.append(queue.get_nowait())
    return out

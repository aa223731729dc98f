"""Subscriptions over graphql-transport-ws against a real server (uvicorn in a
thread, its own projector): authenticated at ``connection_init``, origin
checked, and a change by another client arrives within a second."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from service.app import create_app
from service.auth import Principal
from service.config import Settings
from service.live import LiveEvent
from service.live_registry import plan_reader
from tests.conftest import TokenFactory

PORTAAL = "https://portaal.example.nl"
SUBSCRIBE = "subscription { wijzigingen(topics: [REGIO_CHANGED]) { topic eventType objectId position } }"


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    live_settings = settings.model_copy(update={"cors_origins": [PORTAAL], "run_projector": True})
    config = uvicorn.Config(create_app(live_settings), log_config=None, access_log=False, ws="websockets-sansio")
    srv = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(15)
    sock.close()


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


def test_plan_changes_reach_only_those_who_may_read_that_gemeentes_plan() -> None:
    event = LiveEvent("PLAN_CHANGED", "Ontwikkelpunt.Vastgesteld", uuid4(), 9, None, "GM0307")  # type: ignore[arg-type]
    assert plan_reader(_principal("gemeente", "GM0307"), event)
    assert not plan_reader(_principal("gemeente", "GM0308"), event)
    assert plan_reader(_principal("programmabureau"), event)
    assert not plan_reader(_principal("projectleider"), event)

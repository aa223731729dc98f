"""The multi-node topology run and broken on purpose (issue 19): a primary and
a streaming replica, two API processes reading on the replica, an active and a
standby projector (tests/multinode/topology.py). One topology for the module;
the destructive tests (SIGKILLs) run last."""

from __future__ import annotations

import asyncio
import itertools
import json
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from service.access.auth import issue_development_token
from service.config import Settings
from service.runtime import Runtime
from tests.conftest import TEST_AUDIT_KEY, TEST_SECRET
from tests.integration.processes import head, stop, tracking, view_rows
from tests.multinode.topology import Topology, lock_holders

RATE, BURST = 10.0, 20
REGISTREER_REGIO = """mutation($input: RegistreerRegioInput!) {
  registreerRegio(input: $input) {
    __typename ... on RegioPayload { position } ... on SavedNotYetVisible { position views }
  }
}"""
REGISTREER_GEMEENTE = """mutation($input: RegistreerGemeenteInput!) {
  registreerGemeente(input: $input) { __typename ... on RegioPayload { position } }
}"""
REGIOS = "query($p: Int) { regios(minPosition: $p) { code gemeenten { code } } }"
SUBSCRIBE = "subscription { wijzigingen(topics: [REGIO_CHANGED]) { topic eventType objectId position } }"
_names = itertools.count()


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    topology = Topology.create()  # in a folder of its own under /tmp: postgres runs as another user
    topology.env = {"VOORTGANG_RATE_LIMIT_PER_S": str(RATE), "VOORTGANG_RATE_LIMIT_BURST": str(BURST)}
    try:
        topology.start(api=2, projectors=2)
        yield topology
    finally:
        topology.close()


@pytest.fixture(scope="module")
def settings(topology: Topology) -> Settings:
    return Settings(
        database_url=topology.primary.url,
        data_dir=topology.root,
        auth_hs256_secret=TEST_SECRET,  # type: ignore[arg-type]
        audit_key=TEST_AUDIT_KEY,  # type: ignore[arg-type]
        log_level="WARNING",
    )


def token(settings: Settings) -> str:
    """A programmabureau token of its own (its own rate-limit bucket)."""
    return issue_development_token(settings, roles=["programmabureau"], name=f"Pim {next(_names)}")


def call(base: str, tok: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {tok}"},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def regio(base: str, tok: str, code: str) -> dict[str, Any]:
    body = call(base, tok, REGISTREER_REGIO, {"input": {"code": code, "naam": code.upper()}})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["registreerRegio"]
    return result


def codes(body: dict[str, Any]) -> set[str]:
    return {r["code"] for r in body["data"]["regios"]}


def error_codes(body: dict[str, Any]) -> set[str]:
    return {e.get("extensions", {}).get("code") for e in body.get("errors", [])}


@pytest.fixture
def paused(topology: Topology) -> Iterator[None]:
    topology.replay(paused=True)
    try:
        yield
    finally:
        topology.replay(paused=False)


def test_a_write_through_api_1_read_with_min_position_through_api_2_on_the_replica_is_never_older(
    topology: Topology, settings: Settings
) -> None:
    (one, _), (two, _) = topology.api
    tok = token(settings)
    for n in range(5):
        written = regio(one, tok, f"ryw-{n}")
        assert written["__typename"] == "RegioPayload"
        assert f"ryw-{n}" in codes(call(two, tok, REGIOS, {"p": written["position"]}))


def test_reads_wait_while_replay_is_paused_answer_not_reached_then_answer_once_resumed(
    topology: Topology, settings: Settings, paused: None
) -> None:
    (one, _), (two, _) = topology.api
    tok = token(settings)
    written = regio(one, tok, "gepauzeerd")
    # the write is committed and projected on the primary; the replica (where this process reads) lags
    assert written["__typename"] == "SavedNotYetVisible"
    position = written["position"]
    started = time.monotonic()
    refused = call(two, tok, REGIOS, {"p": position})
    assert time.monotonic() - started >= 1.5  # it waited (VOORTGANG_READ_YOUR_WRITES_TIMEOUT_S=2)
    assert error_codes(refused) == {"POSITION_NOT_REACHED"}
    assert refused.get("data") is None  # never stale data
    topology.replay(paused=False)
    assert "gepauzeerd" in codes(call(two, tok, REGIOS, {"p": position}))


def test_the_response_cache_never_answers_older_than_the_position_asked_for(
    topology: Topology, settings: Settings
) -> None:
    (one, _), (two, _) = topology.api
    tok = token(settings)
    before = regio(one, tok, "vooraf")["position"]
    assert "vooraf" in codes(call(two, tok, REGIOS, {"p": before}))
    topology.replay(paused=True)
    try:
        position = regio(one, tok, "gecachet")["position"]
        for _ in range(2):  # process 2 knows of the position (NOTIFY) but its replica does not have it yet
            assert "gecachet" not in codes(call(two, tok, REGIOS, {"p": before}))
    finally:
        topology.replay(paused=False)
    topology.wait_replica_caught_up()
    assert "gecachet" in codes(call(two, tok, REGIOS, {"p": position}))
    # the same request as while the replica lagged: not the answer cached then (older than the
    # version it was keyed at, the primary's positions, before the cache key used the replica's)
    assert "gecachet" in codes(call(two, tok, REGIOS, {"p": before}))


async def _changes(base: str, writer: str, tok: str, expected: str, lag: Topology | None) -> list[dict[str, Any]]:
    """Subscribe on ``base``, write ``expected`` through ``writer``; with ``lag``
    the replica is paused meanwhile. Every change seen within 4.5 s after."""
    ws_url = base.replace("http://", "ws://") + "/v1/graphql"
    async with connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {tok}"}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        await asyncio.sleep(0.5)  # registered with the broker
        return await _write_and_collect(ws, writer, tok, expected, lag)


async def _write_and_collect(ws: Any, writer: str, tok: str, expected: str, lag: Topology | None) -> list[Any]:
    received: list[dict[str, Any]] = []
    if lag is not None:
        lag.replay(paused=True)
    try:
        await asyncio.to_thread(regio, writer, tok, expected)
        if lag is not None:
            with pytest.raises(TimeoutError):  # nothing shown before the replica has it
                await asyncio.wait_for(ws.recv(), 1.0)
    finally:
        if lag is not None:
            lag.replay(paused=False)
    deadline = time.monotonic() + 4.5
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except TimeoutError:
            break
        assert message["type"] == "next", message
        received.append(message["payload"]["data"]["wijzigingen"])
    return received


@pytest.mark.parametrize("lagging", [False, True], ids=["replica current", "replica lagging"])
def test_a_subscription_on_api_2_receives_a_change_written_through_api_1_exactly_once(
    topology: Topology, settings: Settings, lagging: bool
) -> None:
    (one, _), (two, _) = topology.api
    tok = token(settings)
    code = f"live-{int(lagging)}"
    changes = asyncio.run(_changes(two, one, tok, code, topology if lagging else None))
    mine = [c for c in changes if c["eventType"] == "Regio.Geregistreerd"]
    assert len(mine) == 1, changes
    assert len({c["position"] for c in changes}) == len(changes), "a change delivered twice"


def test_the_rate_limit_holds_over_both_api_processes_together(topology: Topology, settings: Settings) -> None:
    (one, _), (two, _) = topology.api
    tok = {"authorization": f"Bearer {token(settings)}"}
    statuses: list[int] = []
    started = time.monotonic()
    with httpx.Client(timeout=20) as client:
        for n in range(3 * BURST):
            base = (one, two)[n % 2]
            statuses.append(client.post(f"{base}/graphql", json={"query": "{ apiVersion }"}, headers=tok).status_code)
    elapsed = time.monotonic() - started
    allowed = statuses.count(200)
    assert set(statuses) <= {200, 429}
    # per-process buckets would let 2 × BURST through; one shared bucket: BURST + what refilled
    assert BURST <= allowed <= BURST + RATE * elapsed + 1, (allowed, elapsed)
    assert statuses.count(429) > 0


def test_the_standby_projector_takes_over_within_2s_and_the_views_equal_a_rebuild(
    topology: Topology, settings: Settings, tmp_path: Path
) -> None:
    (one, _), _ = topology.api
    tok = token(settings)
    name, active = topology.active_projector()
    standby = next(n for n, p in topology.projectors if n != name and p.poll() is None)
    regio(one, tok, "voor-failover")
    assert stop(active, signal.SIGKILL) == -signal.SIGKILL
    killed = time.monotonic()
    while lock_holders(topology.primary.url) != {standby}:
        assert time.monotonic() - killed < 2.0, "the standby did not take over within 2 s"
        time.sleep(0.01)
    written = regio(one, tok, "na-failover")
    assert written["__typename"] == "RegioPayload"
    topology.start_projector()  # a new standby for what follows
    url = topology.primary.url
    assert set(tracking(url).values()) == {head(url)}
    incremental = view_rows(url)
    runtime = Runtime.build(settings.model_copy(update={"data_dir": tmp_path}))
    try:
        projector = runtime.projector()
        projector.reset()  # the running projectors hand over and wait (rebuild lock)
        projector.catch_up()
    finally:
        runtime.app.close()
    assert view_rows(url) == incremental


def test_one_api_process_sigkilled_under_load_the_other_answers_and_no_acknowledged_write_is_lost(
    topology: Topology, settings: Settings
) -> None:
    (one, first), (two, _) = topology.api
    acknowledged: list[tuple[str, int]] = []
    failures_on_two: list[str] = []
    halt = threading.Event()
    regio(two, token(settings), "last")

    def writer(n: int) -> None:
        tok = token(settings)  # each writer its own bucket, well under the rate
        for i in itertools.count():
            if halt.is_set():
                return
            base = (one, two)[i % 2]
            code = f"GM{n}{i:03d}"
            try:
                body = call(base, tok, REGISTREER_GEMEENTE, {"input": {"regio": "last", "code": code, "naam": code}})
            except (httpx.HTTPError, AssertionError) as exc:
                if base == two:
                    failures_on_two.append(repr(exc))
                continue
            if body.get("data") and body["data"]["registreerGemeente"]["__typename"] == "RegioPayload":
                acknowledged.append((code, body["data"]["registreerGemeente"]["position"]))
            time.sleep(0.15)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    assert stop(first, signal.SIGKILL) == -signal.SIGKILL
    time.sleep(2.0)
    halt.set()
    for t in threads:
        t.join(30)
    assert not failures_on_two, failures_on_two
    assert len(acknowledged) >= 4
    latest = max(p for _, p in acknowledged)
    tok = token(settings)
    regios = call(two, tok, REGIOS, {"p": latest})["data"]["regios"]
    stored = {g["code"] for r in regios if r["code"] == "last" for g in r["gemeenten"]}
    assert {c for c, _ in acknowledged} <= stored

"""The projector's health: it holds its views' locks and keeps up, or it says not.

Two real projectors on one real database; a lock session killed under one of
them; events written while none runs.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import psycopg
import pytest

from domain.principal import Principal
from projections.runner import Projector
from service import cli
from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.operations.metrics_server import start_metrics_server
from service.operations.projector_health import database_health, projector_health
from service.runtime import Runtime
from service.store.database import Database

PB = Principal(actor_id="pb-1", name="PB", roles=frozenset({"programmabureau"}))


def _wait(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@contextmanager
def running(projector: Projector) -> Iterator[Projector]:
    stop = threading.Event()
    thread = threading.Thread(target=projector.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield projector
    finally:
        stop.set()
        thread.join(10)


def _write(runtime: Runtime, gemeenten: int = 3) -> None:
    cmd = Envelope(principal=PB, request_id="r-health")
    runtime.commands.run(cmd, RegistreerRegio(code="h", naam="Regio H"))
    for i in range(gemeenten):
        runtime.commands.run(cmd, RegistreerGemeente(regio="h", code=f"GM9{i:03d}", naam=f"Gemeente {i}"))


def test_an_active_and_a_standby_projector_are_both_healthy_and_say_which_they_are(
    sync_runtime: Runtime, database: Database
) -> None:
    _write(sync_runtime)
    views = {p.name for p in sync_runtime.projector().projections}
    with running(sync_runtime.projector()) as active:
        _wait(lambda: active.owned == views and database_health(database.url, sorted(views), 0)[0])
        ok, report = projector_health(database.url, active, max_lag=0)
        assert ok, report
        assert report["role"] == "active" and set(report["owned"]) == views and report["lost"] == []
        with running(sync_runtime.projector()) as standby:
            _wait(lambda: standby.lock_pid is not None)
            ok, report = projector_health(database.url, standby, max_lag=0)
            assert ok, report
            assert report["role"] == "standby" and report["owned"] == [] and report["unowned"] == []


def test_a_projector_whose_lock_session_died_is_unhealthy_at_once(sync_runtime: Runtime, database: Database) -> None:
    views = {p.name for p in sync_runtime.projector().projections}
    with running(sync_runtime.projector()) as active:
        _wait(lambda: active.owned == views)
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (active.lock_pid,))
        ok, report = projector_health(database.url, active, max_lag=1000)
        assert not ok
        assert set(report["lost"]) == views or set(report["unowned"]) == views, report


def test_views_behind_or_held_by_nobody_are_unhealthy_and_the_cli_check_exits_1(
    sync_runtime: Runtime, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    views = sorted(p.name for p in sync_runtime.projector().projections)
    _write(sync_runtime)  # no projector runs: every view is behind and unowned
    ok, report = database_health(database.url, views, max_lag=0)
    assert not ok
    assert report["unowned"] == views and report["behind"] == views
    assert all(lag > 0 for lag in report["lag"].values())

    monkeypatch.setenv("DATABASE_URL", database.url)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        assert cli.main(["project", "--health"]) == 1
        assert json.loads(capsys.readouterr().out)["ready"] is False
        with running(sync_runtime.projector()):
            _wait(lambda: database_health(database.url, views, 0)[0])
            assert cli.main(["project", "--health"]) == 0
            assert json.loads(capsys.readouterr().out)["ready"] is True
    finally:
        root.handlers[:], root.level = handlers, level


def test_the_metrics_port_answers_the_projectors_health_200_or_503(sync_runtime: Runtime, database: Database) -> None:
    projector = sync_runtime.projector()
    server = start_metrics_server("127.0.0.1", 0, database.url, lambda: projector_health(database.url, projector, 0))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        _write(sync_runtime)
        refused = httpx.get(f"{base}/healthz", timeout=5)
        assert refused.status_code == 503 and refused.json()["ready"] is False
        with running(projector):
            _wait(lambda: projector_health(database.url, projector, 0)[0])
            answer = httpx.get(f"{base}/healthz", timeout=5)
            assert answer.status_code == 200 and answer.json()["role"] == "active"
            text = httpx.get(f"{base}/metrics", timeout=5).text
        assert "voortgang_projector_events_total{" in text and "voortgang_projection_lag_events{" in text
    finally:
        server.shutdown()
        server.server_close()

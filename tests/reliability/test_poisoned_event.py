"""A poisoned event: a stored event one view's handler cannot apply (here an
amount beyond what the budget view stores, made by calling the event method
directly, past validation). It stops only that view, at that event, and names
it (event id, view, error) in the log, in ``/readyz``, in the metrics and in
``voortgang views status``; every other view goes on; nothing is skipped:
the stopped view stays before the event until an operator retries it."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import httpx
import psycopg
import pytest

from domain.begroting import Begroting
from domain.regio import Regio
from service.runtime import Runtime
from tests.integration.processes import process_env


def poisoned_begroting() -> Begroting:
    begroting = Begroting.stel_op("poison", [2025])
    begroting._bron(naam="bron", bedrag=Decimal("1e13"), omschrijving="")
    return begroting


def tracking_row(url: str, view: str) -> tuple[int, int | None, str | None]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT position, stopped_event, stopped_error FROM projection_tracking WHERE projection = %s", (view,)
        ).fetchone()
    assert row is not None
    return int(row[0]), row[1], row[2]


def regio_visible(url: str, code: str) -> bool:
    with psycopg.connect(url) as conn:
        return (
            conn.execute("SELECT 1 FROM regio_view WHERE code = %s AND sys_to IS NULL", (code,)).fetchone() is not None
        )


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, check=False
    )


async def eventually(check: object, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await asyncio.to_thread(check):  # type: ignore[arg-type]
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not within the time limit")


async def test_a_poisoned_event_stops_only_its_view_and_is_named_everywhere(
    runtime: Runtime, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    url = runtime.database.url
    with caplog.at_level(logging.ERROR, logger="projections.runner"):
        await asyncio.to_thread(runtime.app.save, poisoned_begroting())
        poisoned = runtime.app.recorder.max_notification_id() or 0
        await eventually(lambda: tracking_row(url, "budget")[1] is not None)
        later = Regio.registreer("rg99", "Na het gif")
        await asyncio.to_thread(runtime.app.save, later)
        await eventually(lambda: regio_visible(url, "rg99"))

    position, stopped_event, error = tracking_row(url, "budget")
    assert stopped_event is not None and stopped_event <= poisoned
    assert position < stopped_event, "the poisoned event is not skipped"
    assert error and "NumericValueOutOfRange" in error
    assert tracking_row(url, "regio")[0] == runtime.app.recorder.max_notification_id(), "other views go on"
    assert tracking_row(url, "budget")[0] == position, "the stopped view stays stopped"

    logged = [r for r in caplog.records if r.getMessage() == "projection.stopped"]
    assert logged and getattr(logged[0], "projection") == "budget"  # noqa: B009
    assert getattr(logged[0], "event_id") == stopped_event  # noqa: B009

    ready = (await client.get("/readyz")).json()
    assert ready["stoppedViews"][0]["view"] == "budget"
    assert ready["stoppedViews"][0]["eventId"] == stopped_event
    assert "NumericValueOutOfRange" in ready["stoppedViews"][0]["error"]
    metrics = (await client.get("/metrics")).text
    assert f'voortgang_projection_stopped_event{{projection="budget"}} {float(stopped_event)}' in metrics
    assert 'voortgang_projection_stopped_event{projection="regio"} 0.0' in metrics

    env = process_env(url, tmp_path)
    status = await asyncio.to_thread(cli, env, "views", "status")
    assert status.returncode == 1, "a stopped view makes the status command fail"
    line = next(x for x in status.stdout.splitlines() if x.startswith("budget"))
    assert f"gestopt bij event {stopped_event}" in line and "NumericValueOutOfRange" in line
    assert any(x.startswith("regio") and "actueel" in x for x in status.stdout.splitlines())

    retried = await asyncio.to_thread(cli, env, "views", "retry", "budget")
    assert retried.returncode == 0, retried.stderr
    await eventually(lambda: tracking_row(url, "budget")[1] is not None)
    assert tracking_row(url, "budget")[:2] == (position, stopped_event), "retried, and stopped at the same event again"

"""SIGKILL under load. The service is killed while clients post stand-van-zaken
updates: every acknowledged update is in the event store and in the views
after a restart, and retrying the unanswered ones with their idempotency key
writes none of them twice. The projector is killed in the middle of a batch:
after a restart every view equals a full rebuild."""

from __future__ import annotations

import asyncio
import collections
import logging
import signal
import threading
import time
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from domain.begroting import Begroting
from service.access.auth import issue_development_token
from service.runtime import Runtime
from tests.integration.processes import head, process_env, save_regios, serving, stop, tracking, view_rows, voortgang
from tests.integration.test_projectors import caught_up, wait_for
from tests.reliability.load import Writer, add_points, start_writers, stored_texts, view_texts
from tests.reliability.scenario import build_world

CLIENTS = 6
FAST = {"VOORTGANG_RATE_LIMIT_PER_S": "100000", "VOORTGANG_RATE_LIMIT_BURST": "100000"}


def test_a_sigkilled_service_keeps_every_acknowledged_update_once(sync_runtime: Runtime, tmp_path: Path) -> None:
    build_world(sync_runtime.commands)
    punten = add_points(sync_runtime.commands, CLIENTS)
    url, log = sync_runtime.database.url, tmp_path / "serve.log"
    token = issue_development_token(sync_runtime.settings, roles=["gemeente"], name="GM", gemeente="GM0307")
    with serving(url, tmp_path, log, **FAST) as (base, proc):
        # the token's gemeente must be in the views first (strict tokens check it there)
        wait_for(lambda: caught_up(url), timeout_s=60)
        writers = [Writer(base, token, p, f"c{n}") for n, p in enumerate(punten)]
        halt = threading.Event()
        threads = start_writers(writers, halt)
        wait_for(lambda: sum(len(w.acknowledged) for w in writers) >= 60, timeout_s=60)
        assert stop(proc, signal.SIGKILL) == -signal.SIGKILL
        time.sleep(0.5)
        halt.set()
        for t in threads:
            t.join(20)
    acknowledged = [t for w in writers for t in w.acknowledged]
    assert acknowledged and not [f for w in writers for f in w.failed if f[0] not in w.unanswered]
    stored = collections.Counter(stored_texts(url))
    assert all(stored[t] == 1 for t in acknowledged), "every acknowledged update is stored exactly once"

    with serving(url, tmp_path, log, **FAST) as (base, _):
        for w in writers:
            w.base = base
            for tekst in w.unanswered:
                with httpx.Client(timeout=15) as client:
                    data = w.post(client, tekst)
                assert data["data"]["werkStandVanZakenBij"]["__typename"] == "OntwikkelpuntPayload", data
        wait_for(lambda: caught_up(url), timeout_s=60)
    everything = acknowledged + [t for w in writers for t in w.unanswered]
    assert collections.Counter(stored_texts(url)) == collections.Counter(everything), "none twice, none lost"
    assert collections.Counter(view_texts(url)) == collections.Counter(everything)


def test_a_projector_killed_mid_batch_resumes_to_views_equal_to_a_full_rebuild(
    sync_runtime: Runtime, tmp_path: Path
) -> None:
    url = sync_runtime.database.url
    build_world(sync_runtime.commands)
    save_regios(sync_runtime.app, first=0, count=40, gemeenten=150, per_save=2)
    total = head(url)
    env = process_env(url, tmp_path)
    first = voortgang("project", env=env, log=tmp_path / "p1.log")
    try:
        wait_for(lambda: min(tracking(url).values() or [0]) > 0 or max(tracking(url).values() or [0]) > 0, 60)
        assert stop(first, signal.SIGKILL) == -signal.SIGKILL
    finally:
        stop(first)
    partial = tracking(url)
    assert min(partial.values(), default=0) < total, "killed before it finished"
    second = voortgang("project", env=env, log=tmp_path / "p2.log")
    try:
        wait_for(lambda: caught_up(url), timeout_s=120)
    finally:
        stop(second)
    incremental = view_rows(url)
    projector = sync_runtime.projector()
    projector.reset()
    projector.catch_up()
    assert view_rows(url) == incremental


async def test_the_projector_thread_survives_an_event_a_view_cannot_hold_and_says_so(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    """An event that slipped past validation (here: an amount beyond what the
    budget view stores, made by calling the event method directly) must not end
    the projector thread silently: it stops that view and logs ``projection.stopped``
    (the rest: ``tests/reliability/test_poisoned_event.py``)."""
    begroting = Begroting.stel_op("poison", [2025])
    begroting._bron(naam="bron", bedrag=Decimal("1e13"), omschrijving="")
    with caplog.at_level(logging.ERROR, logger="projections.runner"):
        await asyncio.to_thread(runtime.app.save, begroting)
        await asyncio.sleep(1.5)
    assert runtime._projector_thread is not None and runtime._projector_thread.is_alive()
    assert any(r.getMessage() == "projection.stopped" for r in caplog.records)

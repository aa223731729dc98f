"""Two ``voortgang project`` processes against one database: one active runner
per view, the other takes over when it dies, every event applied once."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import psycopg

from projections.registry import all_projections
from projections.runner import LOCK_NAMESPACE, lock_key
from service.runtime import Runtime
from tests.integration.processes import head, process_env, save_regios, stop, tracking, view_rows, voortgang


def lock_holders(url: str) -> dict[str, str]:
    """Which projector (by application name) holds each view's lock."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT l.objid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s",
            (LOCK_NAMESPACE,),
        ).fetchall()
    by_key = {int(objid): str(app) for objid, app in rows}
    return {p.name: by_key[lock_key(p.name)] for p in all_projections() if lock_key(p.name) in by_key}


def wait_for(condition: object, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise TimeoutError("condition not met in time")


def caught_up(url: str) -> bool:
    positions = tracking(url)
    return len(positions) == len(all_projections()) and min(positions.values()) == head(url)


def test_two_projector_processes_apply_every_event_to_every_view_exactly_once(
    sync_runtime: Runtime, tmp_path: Path
) -> None:
    url = sync_runtime.database.url
    names = {p.name for p in all_projections()}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name in ("projector-a", "projector-b"):
            env = process_env(url, tmp_path, PGAPPNAME=name)
            procs[name] = voortgang("project", env=env, log=tmp_path / f"{name}.log")
            wait_for(lambda: set(lock_holders(url)) == names)
        assert set(lock_holders(url).values()) == {"projector-a"}, "the first projector holds every view"

        for round_ in range(6):
            save_regios(sync_runtime.app, first=round_ * 10, count=10, gemeenten=40, per_save=1)
            if round_ == 2:
                assert stop(procs["projector-a"], signal.SIGKILL) == -signal.SIGKILL
                wait_for(lambda: set(lock_holders(url).values()) == {"projector-b"})
        wait_for(lambda: caught_up(url))
        assert set(lock_holders(url).values()) == {"projector-b"}
        assert procs["projector-b"].poll() is None, (tmp_path / "projector-b.log").read_text()
    finally:
        for proc in procs.values():
            stop(proc)

    incremental = view_rows(url)
    assert len(incremental["gemeente_view"]) == 6 * 10 * 40
    assert len(incremental["regio_view"]) == 6 * 10
    projector = sync_runtime.projector()
    projector.reset()
    projector.catch_up()
    assert view_rows(url) == incremental
    assert tracking(url) == dict.fromkeys(names, head(url))

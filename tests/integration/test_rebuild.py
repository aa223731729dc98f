"""``voortgang rebuild`` empties every view and rebuilds it from the event
store, with progress, into exactly the rows the projector built incrementally
(history included: temporal rows carry event positions, not clock times)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from projections.registry import all_projections
from service.runtime import Runtime
from tests.integration.processes import head, process_env, save_regios, tracking, view_rows


def build_incrementally(runtime: Runtime, regios: int, gemeenten: int, per_round: int = 10) -> int:
    """Write events in rounds and let the projector catch up after each."""
    projector = runtime.projector()
    written = 0
    for first in range(0, regios, per_round):
        written += save_regios(runtime.app, first, min(per_round, regios - first), gemeenten)
        projector.catch_up()
    return written


def rebuild_and_compare(runtime: Runtime, tmp_path: Path, regios: int, gemeenten: int) -> float:
    url = runtime.database.url
    events = build_incrementally(runtime, regios, gemeenten)
    assert head(url) == events
    incremental = view_rows(url)
    assert len(incremental["gemeente_view"]) == regios * gemeenten

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "rebuild"],
        env=process_env(url, tmp_path),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert re.search(rf"rebuilt {len(all_projections())} views from {events} events", done.stdout), done.stdout
    assert f"{events}/{events}" in done.stderr, "the progress bar reaches the total"
    assert view_rows(url) == incremental
    assert tracking(url) == {p.name: events for p in all_projections()}
    return seconds


def test_rebuild_reproduces_the_incrementally_built_views(sync_runtime: Runtime, tmp_path: Path) -> None:
    rebuild_and_compare(sync_runtime, tmp_path, regios=20, gemeenten=99)


def test_rebuild_of_a_store_of_100000_events_completes_and_equals_the_incremental_views(
    sync_runtime: Runtime, tmp_path: Path
) -> None:
    seconds = rebuild_and_compare(sync_runtime, tmp_path, regios=100, gemeenten=999)
    assert seconds < 600

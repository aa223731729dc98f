"""``voortgang rapport overleg`` as a real process against the demo: the same
``--as-of`` gives the same bytes; an unknown gremium exits 1 with a Dutch message."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from service.demo.seed import seed_demo
from service.runtime import Runtime
from service.store.database import Database
from tests.integration.processes import process_env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_rapport_overleg_writes_the_same_pdf_for_the_same_as_of(
    sync_runtime: Runtime, database: Database, tmp_path: Path
) -> None:
    seed_demo(sync_runtime)
    sync_runtime.projector().catch_up()
    env = process_env(database.url, tmp_path)
    as_of = dt.datetime.now(dt.UTC).isoformat()
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pack = ("rapport", "overleg", "--gremium", "zhz-bo")
    done = run(*pack, "--sinds-vorig", "--as-of", as_of, "-o", str(first), env=env)
    assert done.returncode == 0, done.stderr
    assert "besluiten" in done.stdout and first.read_bytes().startswith(b"%PDF-")
    again = run(*pack, "--as-of", as_of, "-o", str(second), env=env)
    assert again.returncode == 0, again.stderr
    assert first.read_bytes() == second.read_bytes()
    unknown = run("rapport", "overleg", "--gremium", "bestaat-niet", "-o", str(tmp_path / "x.pdf"), env=env)
    assert unknown.returncode == 1 and "gremium bestaat-niet niet gevonden" in unknown.stderr

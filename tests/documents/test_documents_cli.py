"""``voortgang import plan`` and ``voortgang export plan`` as real processes
against a real database: a hand-made document creates the plan, the export
imports back with no changes, and a hostile file is refused with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.runtime import Runtime
from service.store.database import Database
from tests.documents.conftest import PB
from tests.documents.handmade import bijlage3_document
from tests.integration.processes import process_env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


def test_the_command_line_imports_a_hand_made_plan_and_exports_it_back(
    sync_runtime: Runtime, database: Database, tmp_path: Path
) -> None:
    pb = Envelope(principal=PB)
    sync_runtime.commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    sync_runtime.commands.run(pb, RegistreerGemeente(regio="amersfoort", code="GM0327", naam="Leusden"))
    env = process_env(database.url, tmp_path)
    source = tmp_path / "leusden.docx"
    source.write_bytes(bijlage3_document())

    done = run("import", "plan", str(source), "--gemeente", "GM0327", env=env)
    assert done.returncode == 0, done.stderr
    assert "geïmporteerd: " in done.stdout and "punt" in done.stderr  # the progress bar

    out = tmp_path / "export.xlsx"
    exported = run("export", "plan", "--gemeente", "GM0327", "--format", "xlsx", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "3 ontwikkelpunten" in exported.stdout
    back = run("import", "plan", str(out), "--gemeente", "GM0327", "--dry-run", "--json", "--quiet", env=env)
    assert back.returncode == 0, back.stdout + back.stderr
    assert '"wijzigingen": []' in back.stdout and '"proef": true' in back.stdout

    bad = tmp_path / "macro.xlsm"
    bad.write_bytes(b"PK\x03\x04")
    refused = run("import", "plan", str(bad), "--gemeente", "GM0327", env=env)
    assert refused.returncode == 2 and "macro's" in refused.stderr

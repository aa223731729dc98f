"""Back up and restore the embedded database with its own pg_dump/pg_restore,
as docs/operations.md tells an operator: the restored copy has the same events
and an intact hash chain with the same head, its views answer as before, a
rebuild from its events gives the same views, and it takes new writes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from domain.principal import Principal
from projections.runner import wait_until
from service import cli
from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.operations.backup import BackupError, backup, restore
from service.runtime import Runtime
from service.store.database import Database, with_dbname
from service.tamper.chain import verify_chain
from tests.conftest import TEST_AUDIT_KEY

PB = Principal(actor_id="pb-1", name="PB", roles=frozenset({"programmabureau"}))
VIEWS = ("regio_view", "gemeente_view", "audit_trail", "projection_tracking")


BASES = {"bk": 1000, "na": 2000, "nw": 3000, "cl": 4000, "fr": 5000}


def _write(runtime: Runtime, prefix: str, count: int) -> None:
    cmd = Envelope(principal=PB, request_id=f"r-{prefix}")
    runtime.commands.run(cmd, RegistreerRegio(code=prefix, naam=f"Regio {prefix}"))
    for i in range(count):
        code = f"GM{BASES[prefix] + i:04d}"
        runtime.commands.run(cmd, RegistreerGemeente(regio=prefix, code=code, naam=f"Gemeente {i}"))


def _rows(url: str, table: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        query = sql.SQL("SELECT * FROM {} ORDER BY 1, 2").format(sql.Identifier(table))
        return [tuple(r) for r in conn.execute(query)]


@pytest.fixture
def empty_target(maintenance_url: str) -> Iterator[str]:
    name = f"t_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_dbname(maintenance_url, name)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_a_backup_restores_to_the_same_events_chain_and_views_and_a_rebuild_agrees(
    sync_runtime: Runtime, database: Database, empty_target: str, tmp_path: Path
) -> None:
    _write(sync_runtime, "bk", 12)
    projector = sync_runtime.projector()
    projector.catch_up()
    original = verify_chain(database.url)
    assert original.ok and original.checked == 13
    before = {table: _rows(database.url, table) for table in VIEWS}

    dump = backup(database.url, tmp_path / "voortgang.dump")
    assert dump.stat().st_size > 0
    _write(sync_runtime, "na", 2)  # written after the backup: not in it
    restore(empty_target, dump)

    restored = verify_chain(empty_target)
    assert restored.ok, restored.reason
    assert (restored.checked, restored.head_id, restored.head_hash) == (13, original.head_id, original.head_hash)
    assert {table: _rows(empty_target, table) for table in VIEWS} == before

    # The views can also be rebuilt from the restored events alone: the same rows.
    rebuilt = Runtime.build(sync_runtime.settings.model_copy(update={"database_url": empty_target}))
    try:
        again = rebuilt.projector()
        again.reset()
        again.catch_up()
        for table in ("regio_view", "gemeente_view", "audit_trail"):
            assert _rows(empty_target, table) == before[table], table
        # and the restored store takes new writes, chained on the restored head
        _write(rebuilt, "nw", 1)
        again.catch_up()
        assert wait_until(empty_target, original.head_id + 2, timeout_s=10)
        assert verify_chain(empty_target).ok
    finally:
        rebuilt.app.close()


def test_the_cli_backs_up_and_restores_and_audit_verify_passes_on_the_copy(
    sync_runtime: Runtime,
    database: Database,
    empty_target: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write(sync_runtime, "cl", 3)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        monkeypatch.setenv("DATABASE_URL", database.url)
        monkeypatch.setenv("VOORTGANG_AUDIT_KEY", TEST_AUDIT_KEY)  # the key the checkpoints were signed with
        assert cli.main(["backup", "--output", str(tmp_path / "b.dump")]) == 0
        monkeypatch.setenv("DATABASE_URL", empty_target)
        assert cli.main(["restore", str(tmp_path / "b.dump")]) == 0
        assert cli.main(["audit", "verify", "--quiet"]) == 0
        assert cli.main(["restore", str(tmp_path / "missing.dump")]) == 1
    finally:
        root.handlers[:], root.level = handlers, level
    out = capsys.readouterr()
    assert "backup written" in out.out and "chain intact: 4 events" in out.out
    assert "geen back-upbestand" in out.err


def test_a_failed_restore_changes_nothing(sync_runtime: Runtime, database: Database, tmp_path: Path) -> None:
    _write(sync_runtime, "fr", 2)
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP" + b"\0" * 64)
    events = _rows(database.url, "voortgang_events")
    with pytest.raises(BackupError, match="pg_restore"):
        restore(database.url, broken)
    assert _rows(database.url, "voortgang_events") == events

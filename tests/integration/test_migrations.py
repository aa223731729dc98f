"""Migrations on a real PostgreSQL: empty to head, head to head, and a failing
migration that leaves the database as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from service.store import migrate


def snapshot(url: str) -> dict[str, object]:
    """Every table and column in the public schema, plus yoyo's bookkeeping."""
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public' ORDER BY 1, 2"
        ).fetchall()
        applied = conn.execute("SELECT migration_id FROM _yoyo_migration ORDER BY 1").fetchall()
        log = conn.execute("SELECT count(*) FROM _yoyo_log").fetchone()
        functions = conn.execute(
            "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' ORDER BY 1"
        ).fetchall()
    return {"columns": columns, "applied": applied, "log": log, "functions": functions}


def migration_ids() -> list[str]:
    return sorted(p.name.removesuffix(".sql") for p in migrate.migrations_dir().glob("*.sql"))


def test_an_empty_database_migrates_to_head_with_every_table(empty_database_url: str) -> None:
    applied = migrate.migrate(empty_database_url)
    assert sorted(applied) == migration_ids()
    # in file order, except that a migration with a "-- depends:" line runs after what it names
    assert applied.index("0502.api-reader-revokes") > applied.index("0510.event-chain-checkpoints")
    assert migrate.pending(empty_database_url) == []
    tables = {str(c[0]) for c in snapshot(empty_database_url)["columns"]}  # type: ignore[attr-defined]
    assert {"voortgang_events", "projection_tracking", "regio_view", "gemeente_view"} <= tables


def test_migrating_a_database_at_head_is_a_no_op(empty_database_url: str) -> None:
    migrate.migrate(empty_database_url)
    before = snapshot(empty_database_url)
    assert migrate.migrate(empty_database_url) == []
    assert snapshot(empty_database_url) == before


def test_a_failing_migration_leaves_the_database_as_it_was(empty_database_url: str, tmp_path: Path) -> None:
    migrate.migrate(empty_database_url)
    before = snapshot(empty_database_url)
    folder = tmp_path / "migrations"
    folder.mkdir()
    for sql_file in migrate.migrations_dir().glob("*.sql"):
        shutil.copy(sql_file, folder)
    (folder / "9999.broken.sql").write_text(
        "CREATE TABLE half_done (id int);\n"
        "ALTER TABLE projection_tracking ADD COLUMN half_done int;\n"
        "INSERT INTO projection_tracking (projection) VALUES ('half_done');\n"
        "SELECT 1 / 0;\n"
    )
    with pytest.raises(psycopg.errors.DivisionByZero):
        migrate.migrate(empty_database_url, folder)
    assert snapshot(empty_database_url) == before
    with psycopg.connect(empty_database_url) as conn:
        assert conn.execute("SELECT count(*) FROM projection_tracking").fetchone() == (0,)
    assert migrate.pending(empty_database_url, folder) == ["9999.broken"]


def test_yoyo_urls_are_built_from_libpq_urls_and_socket_paths() -> None:
    assert (
        migrate.yoyo_uri("postgresql://u:p@db:5433/x?sslmode=require")
        == "postgresql+psycopg://u:p@db:5433/x?sslmode=require"
    )
    assert (
        migrate.yoyo_uri("host=/tmp/sock user=postgres dbname=v") == "postgresql+psycopg://postgres@/v?host=/tmp/sock"
    )


def test_yoyo_urls_escape_a_password_with_url_special_characters() -> None:
    from yoyo.connections import parse_uri

    password = "p@ss:w/o?r#d[x]%41 &=+"
    uri = migrate.yoyo_uri(f"host=db user=u dbname=v password='{password}' connect_timeout=5")
    parsed = parse_uri(uri)
    assert (parsed.password, parsed.hostname, parsed.database) == (password, "db", "v")
    assert parsed.args == {"connect_timeout": "5"}

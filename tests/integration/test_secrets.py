"""Secrets survive any character and can come from files (Docker secrets).

The embedded PostgreSQL trusts local connections, so the test adds a
``scram-sha-256`` rule for one role of its own to ``pg_hba.conf``: with it, a
wrong password is refused, which proves the right one really was checked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo as pg_conninfo
from psycopg import sql

from service.config import Settings
from service.runtime import Runtime
from service.store.database import resolve_database, with_dbname

# Every character that means something in a URL or a libpq string, a space,
# quotes, a backslash, a percent sequence and a non-ASCII letter.
NASTY_PASSWORD = "p@ss:w/o?r#d[x]%41%25 &=+$!'\"\\;,é~`^|{}<>*()"
TEMPLATE = "voortgang_test_template"


@pytest.fixture
def password_role(maintenance_url: str, template_url: str) -> Iterator[tuple[str, str]]:
    """A superuser role that must log in with ``NASTY_PASSWORD``, and a migrated
    database of its own; yields (role, URL without the password)."""
    role = f"vg_geheim_{uuid.uuid4().hex[:8]}"
    dbname = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        hba_row = conn.execute("SHOW hba_file").fetchone()
        assert hba_row is not None
        hba = Path(str(hba_row[0]))
        if not os.access(hba, os.W_OK):
            pytest.skip(f"cannot add a password rule to {hba} (not the embedded server of the tests)")
        original = hba.read_text()
        rule = f"local all {role} scram-sha-256\nhost all {role} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + original)
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(NASTY_PASSWORD)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(dbname), sql.Identifier(TEMPLATE)))
        conn.execute("SELECT pg_reload_conf()")
    params = pg_conninfo.conninfo_to_dict(with_dbname(maintenance_url, dbname))
    host = str(params.get("host", ""))
    port = str(params.get("port", "5432"))
    url = f"postgresql://{role}@/{dbname}?host={host}&port={port}" if host.startswith("/") else ""
    url = url or f"postgresql://{role}@{host}:{port}/{dbname}"
    try:
        yield role, url
    finally:
        hba.write_text(original)
        with psycopg.connect(maintenance_url, autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, log_level="WARNING", **values)  # type: ignore[arg-type]


def _who_am_i(settings: Settings) -> str:
    assert settings.database_url is not None
    with psycopg.connect(settings.database_url, connect_timeout=5) as conn:
        row = conn.execute("SELECT current_user").fetchone()
        return str(row[0]) if row else ""


def test_a_password_with_every_url_special_character_connects_through_the_settings(
    password_role: tuple[str, str], tmp_path: Path
) -> None:
    role, url = password_role
    secret = tmp_path / "postgres_password"
    secret.write_text(NASTY_PASSWORD + "\n")  # as `echo` writes it
    settings = _settings(tmp_path, database_url=url, database_password_file=secret)
    assert _who_am_i(settings) == role
    # The whole service path: migrations (yoyo), the event store (eventsourcing) and the read pool.
    runtime = Runtime.build(settings, resolve_database(settings))
    try:
        assert runtime.app.recorder.max_notification_id() in (None, 0)
    finally:
        runtime.app.close()


def test_a_wrong_password_is_refused_so_the_password_really_is_checked(
    password_role: tuple[str, str], tmp_path: Path
) -> None:
    _, url = password_role
    settings = _settings(tmp_path, database_url=url, database_password=NASTY_PASSWORD[:-1])
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _who_am_i(settings)


def test_the_password_may_also_be_given_in_the_environment_next_to_a_url_without_one(
    password_role: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    role, url = password_role
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATABASE_PASSWORD", NASTY_PASSWORD)
    monkeypatch.setenv("DATABASE_READ_URL", url)
    settings = Settings()
    assert _who_am_i(settings) == role
    assert settings.database_read_url is not None
    with psycopg.connect(settings.database_read_url) as conn:
        assert conn.info.password == NASTY_PASSWORD


def test_the_whole_url_and_the_token_secret_can_come_from_secret_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "url").write_text("postgresql://vg:geheim@db:5432/voortgang\n")
    (tmp_path / "hs256").write_text("token-geheim-" + "y" * 32 + "\r\n")
    (tmp_path / "audit").write_text("audit-geheim-" + "z" * 32 + "\n")
    monkeypatch.setenv("DATABASE_URL_FILE", str(tmp_path / "url"))
    monkeypatch.setenv("VOORTGANG_AUTH_HS256_SECRET_FILE", str(tmp_path / "hs256"))
    monkeypatch.setenv("VOORTGANG_AUDIT_KEY_FILE", str(tmp_path / "audit"))
    monkeypatch.setenv("VOORTGANG_ENVIRONMENT", "production")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == "postgresql://vg:geheim@db:5432/voortgang"
    assert settings.hs256_secret == "token-geheim-" + "y" * 32
    assert settings.audit_key_bytes == b"audit-geheim-" + b"z" * 32
    assert settings.production_problems() == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"database_password_file": Path("/nonexistent/secret")}, "DATABASE_PASSWORD_FILE=/nonexistent/secret"),
        ({"database_url": "postgresql://a:b@h/d", "database_password": "c"}, "already holds a password"),
        ({"auth_hs256_secret": "x", "auth_hs256_secret_file": Path("/etc/hostname")}, "not both"),
    ],
)
def test_a_missing_secret_file_or_two_sources_for_one_secret_is_a_clear_error(
    tmp_path: Path, values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _settings(tmp_path, **values)


def test_the_cli_reports_an_unreadable_secret_file_without_a_stack_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.cli import main

    monkeypatch.setenv("DATABASE_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match=r"invalid settings.*DATABASE_PASSWORD_FILE"):
        main(["migrate", "--data-dir", str(tmp_path)])


def test_the_cli_never_prints_a_secret_when_a_setting_is_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.cli import main

    monkeypatch.setenv("DATABASE_URL", "postgresql://vg:in-de-url@db/voortgang")
    monkeypatch.setenv("DATABASE_PASSWORD", "zeer-geheim-wachtwoord")
    with pytest.raises(SystemExit) as raised:
        main(["migrate", "--data-dir", str(tmp_path)])
    message = str(raised.value)
    assert "already holds a password" in message
    assert "zeer-geheim-wachtwoord" not in message and "in-de-url" not in message

"""Apply the plain-SQL migrations in ``migrations/`` with yoyo-migrations.

Each migration runs in its own transaction (PostgreSQL has transactional DDL),
so a failing one leaves the database as it was; yoyo's lock keeps two
processes from migrating at once. Why yoyo: docs/decisions.md.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from psycopg import conninfo as pg_conninfo
from yoyo import get_backend, read_migrations
from yoyo.backends.base import DatabaseBackend

log = logging.getLogger(__name__)

TRACK_SCOPES = (
    "SELECT response_cache_track(view_table) FROM response_cache_scope_rule"
    " WHERE to_regclass(view_table) IS NOT NULL ORDER BY view_table"
)
"""The response cache's scope triggers (migration 0525) on every view table that
exists, also those a later migration created (run after migrations were applied)."""


def migrations_dir() -> Path:
    """``migrations/`` at the top of the source tree (an editable install, the
    tests), else the copy a wheel installs in ``<prefix>/share/voortgang/``."""
    source = Path(__file__).resolve().parents[2] / "migrations"
    if source.is_dir():
        return source
    return Path(sys.prefix) / "share" / "voortgang" / "migrations"


def yoyo_uri(url: str) -> str:
    """yoyo wants a URL; build one from any libpq connection string, with the
    user and password percent-encoded (yoyo decodes them) and every other
    parameter (``connect_timeout``, ``sslmode`` …) passed on."""
    p = {k: str(v) for k, v in pg_conninfo.conninfo_to_dict(url).items()}
    user = quote(p.pop("user", "postgres"), safe="")
    password = p.pop("password", "")
    secret = f":{quote(password, safe='')}" if password else ""
    host = p.pop("host", "")
    port = p.pop("port", "")
    dbname = quote(p.pop("dbname", ""), safe="")
    netloc = "" if host.startswith("/") else host + (f":{port}" if port else "")
    if host.startswith("/"):
        p = {"host": host, **({"port": port} if port else {}), **p}
    query = f"?{urlencode(p, safe='/')}" if p else ""
    return f"postgresql+psycopg://{user}{secret}@{netloc}/{dbname}{query}"


def _backend(url: str) -> DatabaseBackend:
    return get_backend(yoyo_uri(url))


def _track_scopes(backend: DatabaseBackend) -> None:
    cursor = backend.connection.cursor()
    cursor.execute("SELECT to_regclass('response_cache_scope_rule') IS NOT NULL")
    if cursor.fetchone()[0]:
        cursor.execute(TRACK_SCOPES)
    backend.connection.commit()


def pending(url: str, directory: Path | None = None) -> list[str]:
    backend = _backend(url)
    try:
        migrations = read_migrations(str(directory or migrations_dir()))
        return [m.id for m in backend.to_apply(migrations)]
    finally:
        backend.connection.close()


def migrate(url: str, directory: Path | None = None) -> list[str]:
    """Bring the database to head; return the ids applied (empty at head)."""
    backend = _backend(url)
    try:
        migrations = read_migrations(str(directory or migrations_dir()))
        with backend.lock():
            todo = backend.to_apply(migrations)
            for migration in todo:
                log.info("migration.apply", extra={"migration": migration.id})
            backend.apply_migrations(todo)
            if todo:
                _track_scopes(backend)
    finally:
        backend.connection.close()
    return [m.id for m in todo]

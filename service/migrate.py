"""Apply the plain-SQL migrations in ``migrations/`` with yoyo-migrations.

Each migration runs in its own transaction (PostgreSQL has transactional DDL),
so a failing one leaves the database as it was; yoyo's lock keeps two
processes from migrating at once. Why yoyo: docs/decisions.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

from psycopg import conninfo as pg_conninfo
from yoyo import get_backend, read_migrations
from yoyo.backends.base import DatabaseBackend

log = logging.getLogger(__name__)


def migrations_dir() -> Path:
    """``migrations/`` at the top of the source tree (installed editable)."""
    return Path(__file__).resolve().parent.parent / "migrations"


def yoyo_uri(url: str) -> str:
    """yoyo wants a URL; build one from any libpq connection string."""
    p = pg_conninfo.conninfo_to_dict(url)
    user = p.get("user", "postgres")
    password = f":{p['password']}" if p.get("password") else ""
    host = str(p.get("host", ""))
    port = f":{p['port']}" if p.get("port") and not host.startswith("/") else ""
    netloc = "" if host.startswith("/") else host
    query = f"?host={host}" if host.startswith("/") else ""
    if p.get("sslmode"):
        query += ("&" if query else "?") + f"sslmode={p['sslmode']}"
    return f"postgresql+psycopg://{user}{password}@{netloc}{port}/{p.get('dbname', '')}{query}"


def _backend(url: str) -> DatabaseBackend:
    return get_backend(yoyo_uri(url))


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
    finally:
        backend.connection.close()
    return [m.id for m in todo]

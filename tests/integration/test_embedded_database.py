"""The embedded PostgreSQL always comes back (service/embedded/repair.py): a
SIGKILLed earlier user does not keep the server running after the last
graceful stop, and a stale ``postmaster.pid`` whose pid belongs to another
live process is recognised and cleaned."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest

USER = """
import signal, sys, time
from pathlib import Path
from service.store.database import start_embedded
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(start_embedded(Path(sys.argv[1])), flush=True)
while True:
    time.sleep(0.1)
"""


class User:
    """A process that uses the embedded server in ``folder`` until stopped."""

    def __init__(self, folder: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", USER, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        assert self.url, f"the user exited with {self.proc.poll()}"

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(60)
        finally:
            assert self.proc.stdout is not None
            self.proc.stdout.close()


@pytest.fixture
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="vg-pg-embedded-"))
    yield path
    postmaster = postmaster_pid(path)
    if postmaster is not None and psutil.pid_exists(postmaster):
        os.kill(postmaster, signal.SIGINT)
        wait_gone(postmaster)
    shutil.rmtree(path, ignore_errors=True)


def postmaster_pid(folder: Path) -> int | None:
    try:
        return int((folder / "pgdata" / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def wait_gone(pid: int, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def users(folder: Path) -> list[int]:
    return [int(p) for p in json.loads((folder / "pgdata" / ".handle_pids.json").read_text())]


def test_the_last_graceful_stop_stops_postgresql_although_an_earlier_user_was_sigkilled(folder: Path) -> None:
    killed = User(folder)
    survivor = User(folder)
    postmaster = postmaster_pid(folder)
    assert postmaster is not None and users(folder) == [killed.proc.pid, survivor.proc.pid]
    assert killed.stop(signal.SIGKILL) == -signal.SIGKILL
    assert survivor.stop() == 0
    assert wait_gone(postmaster), "PostgreSQL still runs after the last user stopped"
    assert not (folder / "pgdata" / "postmaster.pid").exists()


def test_a_user_that_starts_after_a_sigkilled_one_removes_it_and_stops_the_server(folder: Path) -> None:
    killed = User(folder)
    assert killed.stop(signal.SIGKILL) == -signal.SIGKILL
    later = User(folder)
    assert users(folder) == [later.proc.pid]
    postmaster = postmaster_pid(folder)
    assert postmaster is not None
    assert later.stop() == 0
    assert wait_gone(postmaster)


def test_a_stale_postmaster_pid_naming_another_live_process_is_cleaned_and_the_server_starts(folder: Path) -> None:
    first = User(folder)
    pid_file = folder / "pgdata" / "postmaster.pid"
    lines = pid_file.read_text().splitlines()
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    postmaster = int(lines[0])
    os.kill(postmaster, signal.SIGINT)  # the server goes away (a crash, a container restart)
    assert wait_gone(postmaster)
    (folder / "pgdata" / ".handle_pids.json").unlink(missing_ok=True)
    with subprocess.Popen(["sleep", "120"]) as other:  # its pid is now in the pid file, and alive
        pid_file.write_text("\n".join([str(other.pid), *lines[1:]]) + "\n")
        try:
            later = User(folder)
            with psycopg.connect(later.url, connect_timeout=5) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
            assert postmaster_pid(folder) not in (None, other.pid)
            assert other.poll() is None, "the unrelated process was left alone"
            assert later.stop() == 0
        finally:
            other.kill()

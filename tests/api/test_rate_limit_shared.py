"""The rate-limit buckets in PostgreSQL (migrations 0580, 0581, service/edge/ratelimit.py):
two limiters (as in two API processes) share one bucket per principal, and lease
its tokens in batches so that most takes need no round trip."""

from __future__ import annotations

import asyncio

import psycopg

from service.edge.ratelimit import LEASE_TTL_S, SharedTokenBucket
from service.runtime import Runtime


def limiter(runtime: Runtime, rate: float, burst: int, lease: int = 20) -> SharedTokenBucket:
    return SharedTokenBucket(rate=rate, burst=burst, lease=lease, pool=lambda: runtime.write_pool)


def bucket_tokens(runtime: Runtime, key: str) -> float:
    with psycopg.connect(runtime.database.url) as conn:
        row = conn.execute("SELECT tokens FROM rate_limit_buckets WHERE key = %s", (key,)).fetchone()
    assert row is not None
    return float(row[0])


async def test_two_limiters_share_one_bucket_per_principal(runtime: Runtime) -> None:
    one, two = limiter(runtime, 0.001, 5), limiter(runtime, 0.001, 5)
    waits = await asyncio.gather(*(limiter.take("pim") for limiter in [one, two] * 6))
    assert sum(w is None for w in waits) == 5  # concurrent leases of one key serialize on its row
    refused = [w for w in waits if w is not None]
    assert all(w > 0 for w in refused)
    assert await one.take("ander") is None  # another principal has its own bucket


async def test_most_takes_touch_no_database_and_the_total_stays_the_bucket(runtime: Runtime) -> None:
    one, two = limiter(runtime, 0.001, 100), limiter(runtime, 0.001, 100)
    waits = [await (one, two)[n % 2].take("druk") for n in range(150)]
    assert waits[:100] == [None] * 100
    assert all(w is not None and w > 0 for w in waits[100:])
    # leases of 20, then half of what is left: a round trip per ~10 takes, not per take;
    # once refused, each limiter remembers the wait and asks no more
    assert one.round_trips + two.round_trips <= 20, (one.round_trips, two.round_trips)


async def test_a_lapsed_lease_gives_its_unspent_tokens_back(runtime: Runtime) -> None:
    clock = [0.0]
    one = SharedTokenBucket(rate=0.001, burst=10, lease=4, pool=lambda: runtime.write_pool, clock=lambda: clock[0])
    assert await one.take("terug") is None  # leased 4, spent 1
    assert bucket_tokens(runtime, "terug") < 6 + 0.01
    clock[0] += LEASE_TTL_S  # the 3 unspent ones may no longer be spent here
    assert await one.take("terug") is None  # gave back 3 (9 there), leased 4 again
    assert 5 <= bucket_tokens(runtime, "terug") < 5 + 0.01
    assert one.round_trips == 2


async def test_a_bucket_refills_at_its_rate(runtime: Runtime) -> None:
    one = limiter(runtime, 20.0, 1)
    assert await one.take("pim") is None
    wait = await one.take("pim")
    assert wait is not None
    assert 0 < wait <= 0.05 + 1e-6
    await asyncio.sleep(0.06)
    assert await one.take("pim") is None


async def test_a_lease_of_one_is_a_round_trip_per_take(runtime: Runtime) -> None:
    one = limiter(runtime, 0.001, 3, lease=1)
    assert [await one.take("een") is None for _ in range(4)] == [True, True, True, False]
    assert one.round_trips == 4


async def test_without_the_database_the_process_bucket_decides(runtime: Runtime) -> None:
    one = SharedTokenBucket(rate=0.001, burst=2, pool=lambda: None)
    assert [await one.take("pim") is None for _ in range(3)] == [True, True, False]


async def test_a_zero_burst_refuses_everything(runtime: Runtime) -> None:
    one = limiter(runtime, 1.0, 0)
    waits = [await one.take("pim") for _ in range(2)]
    assert waits[0] == 1.0
    assert waits[1] is not None and 0.9 < waits[1] <= 1.0  # remembered: no second round trip
    assert one.round_trips == 1

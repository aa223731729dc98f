"""Rate limiting per principal: a token bucket shared by every API process.

Each principal (the token's subject) has a bucket of ``burst`` requests that
refills at ``rate`` per second. A refused request answers 429 with
``Retry-After``. The buckets live in the primary (migrations 0580, 0581), so a
principal gets at most the configured rate over all processes together.

A process does not ask the primary for every request: :class:`SharedTokenBucket`
leases up to ``lease`` tokens of a principal in one round trip
(``rate_limit_lease``) and spends them locally; unspent tokens go back with the
next lease of that key, and a lease lapses after :data:`LEASE_TTL_S`. A leased
token has left the shared bucket, so over any period the processes together
spend no more than the bucket gives out; what leasing adds is that a process may
hold up to ``lease`` tokens of a key beyond what the bucket shows (a momentary
burst of at most ``burst`` + processes × ``lease``). Near an empty bucket a lease
gets at most half of what is left, down to one token at a time. A refusal is
remembered until the wait it names is over, so a principal that keeps asking
while refused costs one round trip per wait, not one per request. When the
database cannot be asked in time, the process's own :class:`TokenBucket` decides
(a limit per process) and says so in the log.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from psycopg_pool import AsyncConnectionPool

log = logging.getLogger(__name__)

MAX_KEYS = 50_000
PRUNE_EVERY = 1_000
"""Every this many round trips, buckets that are full again are deleted."""
TAKE_TIMEOUT_S = 1.0
LEASE_TTL_S = 1.0
"""A lease's unspent tokens are not spent after this long (they go back with the next lease)."""


@dataclass
class TokenBucket:
    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str) -> float | None:
        """Take one token for ``key``: None when allowed, else the seconds to wait."""
        now = self.clock()
        tokens, stamp = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate if self.rate > 0 else math.inf
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_KEYS:
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        """Forget buckets that have refilled completely (they hold no state)."""
        full_after = self.burst / self.rate if self.rate > 0 else math.inf
        for key in [k for k, (_, stamp) in self._buckets.items() if now - stamp >= full_after]:
            del self._buckets[key]


@dataclass
class Lease:
    """What this process holds of one key's shared bucket."""

    tokens: int = 0
    until: float = -math.inf
    refused_until: float = -math.inf
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def spend(self, now: float) -> tuple[bool, float | None]:
        """(answered, wait): answered locally (wait None: allowed, else the
        seconds to wait), or not answered when only the bucket can tell."""
        if now < self.refused_until:
            return True, self.refused_until - now
        if self.tokens >= 1 and now < self.until:
            self.tokens -= 1
            return True, None
        return False, None


@dataclass
class SharedTokenBucket:
    """The buckets in PostgreSQL (``rate_limit_lease``, migration 0581), leased
    through ``pool()`` (the runtime's pool on the primary; None before the
    service started) ``lease`` tokens at a time (1: a round trip per request)."""

    rate: float
    burst: int
    pool: Callable[[], AsyncConnectionPool | None]
    lease: int = 20
    fallback: TokenBucket | None = None
    clock: Callable[[], float] = time.monotonic
    round_trips: int = 0
    _leases: dict[str, Lease] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fallback is None:
            self.fallback = TokenBucket(rate=self.rate, burst=self.burst)

    async def take(self, key: str) -> float | None:
        """Take one token for ``key``: None when allowed, else the seconds to wait."""
        assert self.fallback is not None
        pool = self.pool()
        if pool is None:
            return self.fallback.take(key)
        lease = self._leases.get(key)
        if lease is None:
            lease = self._leases[key] = Lease()
            if len(self._leases) > MAX_KEYS:
                self._forget_lapsed(self.clock())
        answered, wait = lease.spend(self.clock())
        if answered:
            return wait
        async with lease.lock:  # one round trip per key at a time; the others spend what it brings
            answered, wait = lease.spend(self.clock())
            return wait if answered else await self._renew(pool, key, lease)

    async def _renew(self, pool: AsyncConnectionPool, key: str, lease: Lease) -> float | None:
        assert self.fallback is not None
        started = self.clock()
        try:
            async with pool.connection(timeout=TAKE_TIMEOUT_S) as conn:
                cur = await conn.execute(
                    "SELECT * FROM rate_limit_lease(%s, %s, %s, %s, %s)",
                    (key, self.rate, float(self.burst), max(1, self.lease), lease.tokens),
                )
                row = await cur.fetchone()
                self.round_trips += 1
                if self.round_trips % PRUNE_EVERY == 0:
                    await conn.execute("SELECT rate_limit_prune(%s, %s)", (self.rate, float(self.burst)))
        except psycopg.Error as exc:
            log.warning("ratelimit.shared_unavailable", extra={"error": type(exc).__name__})
            return self.fallback.take(key)
        granted, wait = (int(row[0]), row[1]) if row else (0, math.inf)
        lease.tokens = max(0, granted - 1)
        if granted >= 1:
            lease.until = started + LEASE_TTL_S  # started before the bucket's stamp: lapses first
            return None
        lease.refused_until = started + float(wait)
        return float(wait)

    def _forget_lapsed(self, now: float) -> None:
        """Forget keys with neither a live lease nor a refusal (their unspent tokens are not given back)."""
        for key in [k for k, v in self._leases.items() if now >= v.until and now >= v.refused_until]:
            if not self._leases[key].lock.locked():
                del self._leases[key]


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(min(seconds, 86_400.0))))  # a zero rate waits forever: say a day

"""Rate limiting per principal: a token bucket shared by every API process.

Each principal (the token's subject) has a bucket of ``burst`` requests that
refills at ``rate`` per second. A refused request answers 429 with
``Retry-After``. The buckets live in the primary (:class:`SharedTokenBucket`,
migration 0580: one atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per
request), so a principal gets at most the configured rate over all processes
together. When the database cannot be asked in time, the process's own
:class:`TokenBucket` decides (a limit per process, as before) and says so in
the log.
"""

from __future__ import annotations

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
"""Every this many takes, buckets that are full again are deleted."""
TAKE_TIMEOUT_S = 1.0


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
class SharedTokenBucket:
    """The buckets in PostgreSQL (``rate_limit_take``, migration 0580), taken
    through ``pool()`` (the runtime's pool on the primary; None before the
    service started)."""

    rate: float
    burst: int
    pool: Callable[[], AsyncConnectionPool | None]
    fallback: TokenBucket | None = None
    _takes: int = 0

    def __post_init__(self) -> None:
        if self.fallback is None:
            self.fallback = TokenBucket(rate=self.rate, burst=self.burst)

    async def take(self, key: str) -> float | None:
        """Take one token for ``key``: None when allowed, else the seconds to wait."""
        assert self.fallback is not None
        pool = self.pool()
        if pool is None:
            return self.fallback.take(key)
        try:
            async with pool.connection(timeout=TAKE_TIMEOUT_S) as conn:
                cur = await conn.execute("SELECT rate_limit_take(%s, %s, %s)", (key, self.rate, float(self.burst)))
                row = await cur.fetchone()
                self._takes += 1
                if self._takes % PRUNE_EVERY == 0:
                    await conn.execute("SELECT rate_limit_prune(%s, %s)", (self.rate, float(self.burst)))
        except psycopg.Error as exc:
            log.warning("ratelimit.shared_unavailable", extra={"error": type(exc).__name__})
            return self.fallback.take(key)
        wait = row[0] if row else None
        return None if wait is None else float(wait)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))

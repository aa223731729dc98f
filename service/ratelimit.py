"""Rate limiting per principal: an in-process token bucket.

Each principal (the token's subject) has a bucket of ``burst`` requests that
refills at ``rate`` per second. A refused request answers 429 with
``Retry-After``. With several API processes each has its own buckets, so the
effective limit is the per-process limit times the number of processes behind
the load balancer (see docs/scaling.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_KEYS = 50_000


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


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))

"""Do a token's gemeente, gremia and projecten exist? Checked against the
views (``gemeente_view``, ``gremium_view``, ``project_view``), from memory.

The three sets of current codes are loaded once and kept. A token whose codes
are all known costs no query. A code that is not known (yet) makes the cache
reload once, so a gemeente registered a moment ago is accepted on its first
request once the views have it; concurrent misses share one reload. Tokens
are signed, so only the identity provider can make the cache miss at all.
Codes that disappear (a gremium renamed away) are dropped at the next reload,
at the latest ``max_age_s`` after the previous one.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from domain.principal import Principal
from service.access.auth import AuthError

SELECT_CODES = (
    "SELECT 'gemeente', code FROM gemeente_view WHERE sys_to IS NULL"
    " UNION ALL SELECT 'gremium', code FROM gremium_view WHERE sys_to IS NULL"
    " UNION ALL SELECT 'project', code FROM project_view WHERE sys_to IS NULL"
)


@dataclass(frozen=True)
class Codes:
    gemeenten: frozenset[str] = frozenset()
    gremia: frozenset[str] = frozenset()
    projecten: frozenset[str] = frozenset()

    def unknown(self, principal: Principal) -> AuthError | None:
        """The first claim of ``principal`` naming a code not in these sets."""
        if principal.gemeente is not None and principal.gemeente not in self.gemeenten:
            return AuthError(
                f"gemeente {principal.gemeente} bestaat niet in de regiogegevens", "TOKEN_UNKNOWN_GEMEENTE", "gemeente"
            )
        if missing := sorted(principal.gremia - self.gremia):
            return AuthError(f"onbekend gremium {missing[0]}", "TOKEN_UNKNOWN_GREMIUM", "gremia")
        if missing := sorted(principal.projecten - self.projecten):
            return AuthError(f"onbekend project {missing[0]}", "TOKEN_UNKNOWN_PROJECT", "projecten")
        return None


@dataclass(eq=False)
class KnownCodes:
    """The cache, one per API process; :meth:`check` raises :class:`AuthError`."""

    max_age_s: float = 60.0
    codes: Codes | None = None
    loaded_at: float = 0.0
    reloads: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def check(self, pool: Any, principal: Principal) -> None:
        if not (principal.gemeente or principal.gremia or principal.projecten):
            return
        seen = self.reloads
        if self.codes is None or time.monotonic() - self.loaded_at > self.max_age_s:
            await self._reload(pool, seen)
        assert self.codes is not None
        problem = self.codes.unknown(principal)
        if problem is not None and self.reloads == seen:
            await self._reload(pool, seen)
            problem = self.codes.unknown(principal)
        if problem is not None:
            raise problem

    async def _reload(self, pool: Any, seen: int) -> None:
        async with self._lock:
            if self.reloads != seen:  # another request reloaded while this one waited
                return
            async with pool.connection() as conn:
                rows = await (await conn.execute(SELECT_CODES)).fetchall()
            kinds: dict[str, set[str]] = {"gemeente": set(), "gremium": set(), "project": set()}
            for kind, code in rows:
                kinds[str(kind)].add(str(code))
            self.codes = Codes(frozenset(kinds["gemeente"]), frozenset(kinds["gremium"]), frozenset(kinds["project"]))
            self.loaded_at = time.monotonic()
            self.reloads += 1

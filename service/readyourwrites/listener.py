"""One ``LISTEN voortgang_views`` connection per API process, shared by every
waiting mutation and ``minPosition`` query.

The projector sends ``NOTIFY voortgang_views '{"projection": …, "position": …}'``
in the transaction that moves a view's tracking row, so the notification
arrives only after the view's rows are committed. The listener keeps the last
position of each view and, per view, a heap of waiters ordered by the
position they wait for: a notification wakes exactly the waiters it satisfies
(fan-out by position), no waiter polls. On (re)connect it LISTENs first and
then reads ``projection_tracking``, so no commit falls between the two.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field

import psycopg

log = logging.getLogger(__name__)

CHANNEL = "voortgang_views"


@dataclass(eq=False)
class Waiter:
    pending: set[str]
    done: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(eq=False)
class ViewsListener:
    """Positions of the views as the projector announces them, and the waiters on them."""

    url: str
    reconnect_s: float = 0.5
    positions: dict[str, int] = field(default_factory=dict)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    _heaps: dict[str, list[tuple[int, int, Waiter]]] = field(default_factory=dict)
    _seq: itertools.count[int] = field(default_factory=itertools.count)
    _task: asyncio.Task[None] | None = None

    async def wait(self, views: Collection[str], position: int, timeout_s: float) -> list[str]:
        """Wait until every view in ``views`` reached ``position``; return the
        views that did not within ``timeout_s`` (empty: all there)."""
        self.start()
        waiter = Waiter({v for v in views if self.positions.get(v, -1) < position})
        if not waiter.pending:
            return []
        for view in waiter.pending:
            heapq.heappush(self._heaps.setdefault(view, []), (position, next(self._seq), waiter))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.done.wait(), timeout_s)
        return sorted(waiter.pending)

    def start(self) -> None:
        """Start the listening task in the running loop (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="views-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.connected.clear()

    def advance(self, view: str, position: int) -> None:
        """The view is now at ``position``: wake every waiter it satisfies.

        The position is taken as given, also when lower (a rebuild restarted
        the view): a waiter is only ever woken by a view that reached it."""
        self.positions[view] = position
        heap = self._heaps.get(view)
        while heap and heap[0][0] <= position:
            _, _, waiter = heapq.heappop(heap)
            waiter.pending.discard(view)
            if not waiter.pending:
                waiter.done.set()

    def on_notify(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            self.advance(str(message["projection"]), int(message["position"]))
        except (ValueError, KeyError, TypeError):
            log.warning("views_listener.bad_notification", extra={"payload": payload[:200]})

    async def _run(self) -> None:
        while True:
            try:
                await self._listen()
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                log.warning("views_listener.disconnected", extra={"error": str(exc)})
            self.connected.clear()
            await asyncio.sleep(self.reconnect_s)

    async def _listen(self) -> None:
        async with await psycopg.AsyncConnection.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            cur = await conn.execute("SELECT projection, position FROM projection_tracking")
            for name, position in await cur.fetchall():
                self.advance(str(name), int(position))
            self.connected.set()
            log.info("views_listener.listening")
            async for notify in conn.notifies():
                self.on_notify(notify.payload)

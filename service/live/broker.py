"""Live updates: one broker per API process feeds GraphQL subscriptions.

The projector sends ``NOTIFY voortgang_views`` after each commit. The broker
holds ONE ``LISTEN voortgang_views`` connection (to the primary: NOTIFY is not
replicated), and on each notification (or every ``poll_s`` as a fallback) reads
the events between the last position it published and the position every view
has reached (so a subscriber that re-queries sees the change), keeps the ones
its rules name, and fans them out to the subscribers whose topics match
and whose principal may see them. Subscribers get ids and positions only,
never content: a client re-queries (with ``minPosition``) for the details.

Which events those are is a value the broker is given (:class:`LiveRules`, built by
``service.live.registry.live_rules()`` when the app starts), not a registry filled at import::

    rules = LiveRules()
    rules.live(Besluit.Genomen, "BESLUIT_GENOMEN", allowed=governance_reader)
    rules.live(Ontwikkelpunt.StandVanZakenBijgewerkt, "STAND_VAN_ZAKEN_POSTED", gemeente=FROM_CREATION)
    Broker(url, pool, mapper, rules)
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from domain.errors import NotAllowed
from domain.principal import Principal
from service.visibility import reading_as

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveEvent:
    topic: str
    event_type: str
    object_id: UUID
    position: int
    recorded_at: dt.datetime
    gemeente: str | None


Allowed = Callable[[Principal, LiveEvent], bool]
FROM_CREATION = "from-creation"
"""``gemeente=FROM_CREATION``: the gemeente is the ``gemeente`` of the aggregate's created event."""


def signed_in(principal: Principal, event: LiveEvent) -> bool:
    return True


def guarded(check: Callable[[Principal], None]) -> Allowed:
    """An ``allowed`` rule from a ``require_…`` function of ``service.access.authz``."""

    def allowed(principal: Principal, event: LiveEvent) -> bool:
        try:
            check(principal)
        except NotAllowed:
            return False
        return True

    return allowed


@dataclass(frozen=True)
class LiveRule:
    topic: str
    gemeente: str | Callable[[Any], str | None] | None
    allowed: Allowed
    visible: str | None = None
    """A query (``%(id)s`` = the object id) read as the subscriber under
    row-level security: the notification goes out only when it returns true,
    so a notification is visible exactly when its object is (docs/security.md)."""


class LiveRules:
    """Which stored events reach live subscribers: stored event topic → its rule."""

    def __init__(self) -> None:
        self.by_stored_topic: dict[str, LiveRule] = {}

    def live(
        self,
        event_class: type,
        topic: str,
        *,
        gemeente: str | Callable[[Any], str | None] | None = None,
        allowed: Allowed = signed_in,
        visible: str | None = None,
    ) -> None:
        """Publish ``event_class`` under ``topic`` to the subscribers ``allowed`` (and, with
        ``visible``, only to those who may see the object)."""
        self.by_stored_topic[get_topic(event_class)] = LiveRule(topic, gemeente, allowed, visible)


@dataclass(eq=False)
class Subscriber:
    principal: Principal
    topics: frozenset[str]
    gemeente: str | None = None
    queue: asyncio.Queue[LiveEvent] = field(default_factory=lambda: asyncio.Queue(maxsize=256))

    def wants(self, event: LiveEvent) -> bool:
        if self.topics and event.topic not in self.topics:
            return False
        return self.gemeente is None or event.gemeente == self.gemeente

    def offer(self, event: LiveEvent) -> None:
        if self.queue.full():  # a slow client loses its oldest notifications
            self.queue.get_nowait()
        self.queue.put_nowait(event)


SELECT_LIVE = (
    "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at FROM voortgang_events"
    " WHERE notification_id > %s AND notification_id <= %s AND topic = ANY(%s) ORDER BY notification_id LIMIT %s"
)
SELECT_CREATED = (
    "SELECT originator_id, originator_version, topic, state FROM voortgang_events"
    " WHERE originator_id = %s AND originator_version = 1"
)


@dataclass(eq=False)
class Broker:
    listen_url: str
    pool: Any
    mapper: Mapper[Any]
    rules: LiveRules
    poll_s: float = 2.0
    batch: int = 500
    subscribers: set[Subscriber] = field(default_factory=set)
    last_seen: int | None = None
    _task: asyncio.Task[None] | None = None
    _gemeente_cache: dict[UUID, str | None] = field(default_factory=dict)

    @contextlib.asynccontextmanager
    async def subscribe(
        self, principal: Principal, topics: frozenset[str], gemeente: str | None = None
    ) -> AsyncIterator[Subscriber]:
        await self._ensure_started()
        subscriber = Subscriber(principal, topics, gemeente)
        self.subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self.subscribers.discard(subscriber)

    async def _ensure_started(self) -> None:
        if self._task is None or self._task.done():
            if self.last_seen is None:
                self.last_seen = await self._views_position()
            self._task = asyncio.create_task(self._run(), name="live-broker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.listen_url, autocommit=True) as conn:
                    await conn.execute("LISTEN voortgang_views")
                    while True:
                        await self.drain()
                        async for _ in conn.notifies(timeout=self.poll_s, stop_after=1):
                            pass
            except psycopg.OperationalError as exc:
                log.warning("live.listen_failed", extra={"error": str(exc)})
                await asyncio.sleep(1.0)

    async def _views_position(self) -> int:
        async with self.pool.connection() as conn:
            row = await (await conn.execute("SELECT coalesce(min(position), 0) FROM projection_tracking")).fetchone()
            return int(row[0]) if row else 0

    async def drain(self) -> None:
        """Publish every registered event up to the position all views reached."""
        bound = await self._views_position()
        while self.last_seen is not None and bound > self.last_seen:
            async with self.pool.connection() as conn:
                cur = await conn.execute(
                    SELECT_LIVE, (self.last_seen, bound, list(self.rules.by_stored_topic), self.batch)
                )
                rows = await cur.fetchall()
                for row in rows:
                    await self._publish(conn, row)
            self.last_seen = int(rows[-1][0]) if len(rows) == self.batch else bound

    async def _publish(self, conn: Any, row: tuple[Any, ...]) -> None:
        nid, oid, version, topic, state, recorded_at = row
        event = self.mapper.to_domain_event(StoredEvent(oid, version, topic, bytes(state)))
        rule = self.rules.by_stored_topic[topic]
        gemeente = await self._gemeente(conn, rule, event, oid)
        name = ".".join(type(event).__qualname__.split(".")[-2:])
        live_event = LiveEvent(rule.topic, name, oid, int(nid), recorded_at, gemeente)
        seen: dict[Principal, bool] = {}
        for subscriber in list(self.subscribers):
            if not (subscriber.wants(live_event) and rule.allowed(subscriber.principal, live_event)):
                continue
            if rule.visible is not None and subscriber.principal not in seen:
                seen[subscriber.principal] = await self._visible(subscriber.principal, rule.visible, oid)
            if rule.visible is None or seen[subscriber.principal]:
                subscriber.offer(live_event)

    async def _visible(self, principal: Principal, query: str, oid: UUID) -> bool:
        """Whether ``principal`` may see object ``oid`` now: asked of the database
        as that principal, under row-level security (service/visibility)."""
        async with self.pool.connection() as conn, reading_as(conn, principal):
            row = await (await conn.execute(query, {"id": oid})).fetchone()
        return bool(row and row[0])

    async def _gemeente(self, conn: Any, rule: LiveRule, event: Any, oid: UUID) -> str | None:
        if rule.gemeente is None:
            return None
        if callable(rule.gemeente):
            return rule.gemeente(event)
        if oid not in self._gemeente_cache:
            row = await (await conn.execute(SELECT_CREATED, (oid,))).fetchone()
            created = self.mapper.to_domain_event(StoredEvent(row[0], row[1], row[2], bytes(row[3]))) if row else None
            if len(self._gemeente_cache) > 100_000:
                self._gemeente_cache.clear()
            self._gemeente_cache[oid] = getattr(created, "gemeente", None)
        return self._gemeente_cache[oid]

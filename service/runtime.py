"""Everything a running service holds, built in one place (the lifespan, the
CLI and the tests build it the same way). Nothing is created at import time."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from psycopg_pool import AsyncConnectionPool

from projections.registry import all_projections
from projections.runner import Projector
from projections.temporal import POSITION_AT
from service.commands.registry import Commands
from service.config import Settings
from service.operations.metrics import PROJECTOR_OWNED, observe_projection
from service.readpath.response_cache import RequestScope, ResponseCache
from service.readyourwrites.listener import ViewsListener
from service.store import migrate
from service.store.database import Database, resolve_database
from service.store.eventstore import VoortgangApplication, create_application

log = logging.getLogger(__name__)

SCOPED_VERSION = (
    "SELECT (SELECT coalesce(sum(version), 0) FROM response_cache_scope WHERE scope = ANY(%(exact)s)"
    # a gemeente's request: also every scope that is no gemeente (nor a regio's gemeenten, migration 0595)
    " OR (%(regional)s AND (scope < 'gemeente:' OR scope >= 'gemeente;') AND scope NOT LIKE 'regio-gemeenten:%%')),"
    " (SELECT generation FROM response_cache_generation)"
)


def scoped_version_params(scope: RequestScope) -> dict[str, Any]:
    """The scopes :data:`SCOPED_VERSION` sums for a request of ``scope``."""
    regios = sorted(scope.regios)
    exact = [f"gemeente:{g}" for g in sorted(scope.gemeenten)]
    exact += ["", *(f"regio:{r}" for r in regios), *(f"regio-gemeenten:{r}" for r in regios)]
    return {"exact": exact, "regional": bool(scope.gemeenten)}


@dataclass
class Runtime:
    settings: Settings
    database: Database
    app: VoortgangApplication
    commands: Commands
    read_pool: AsyncConnectionPool | None = None
    write_pool: AsyncConnectionPool | None = None
    """A small pool on the primary for the shared rate-limit buckets (service/edge/ratelimit.py)."""
    response_cache: ResponseCache | None = None
    running_projector: Projector | None = None
    views_listener: ViewsListener | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _projector_thread: threading.Thread | None = None

    @classmethod
    def build(cls, settings: Settings, database: Database | None = None) -> Runtime:
        """Resolve the database, migrate it to head, construct the event store."""
        started = time.monotonic()
        database = database or resolve_database(settings)
        log.info("database.selected", extra={"database": database.describe()})
        applied = migrate.migrate(database.url)
        log.info("database.migrated", extra={"applied": applied, "seconds": round(time.monotonic() - started, 2)})
        app = create_application(database.url, settings)
        return cls(
            settings=settings,
            database=database,
            app=app,
            commands=Commands.build(app),
            response_cache=ResponseCache(max_entries=settings.response_cache_entries),
        )

    def projector(self) -> Projector:
        projector = Projector(
            url=self.database.url,
            mapper=self.app.mapper,
            projections=all_projections(),
            statement_timeout_ms=max(self.settings.db_statement_timeout_ms, 60_000),
            observer=observe_projection,
        )
        PROJECTOR_OWNED.set_function(lambda: len(projector.owned))
        return projector

    def start_projector(self) -> None:
        projector = self.running_projector = self.projector()
        self._projector_thread = threading.Thread(
            target=projector.run, args=(self._stop,), name="projector", daemon=True
        )
        self._projector_thread.start()

    async def open(self) -> None:
        self.read_pool = AsyncConnectionPool(
            self.database.read_url,
            min_size=2,
            max_size=max(4, self.settings.db_pool_size),
            open=False,
            check=AsyncConnectionPool.check_connection,  # drop connections a database restart killed
            timeout=self.settings.db_connect_timeout_s,
            kwargs={
                "autocommit": True,
                "options": f"-c statement_timeout={self.settings.db_statement_timeout_ms}",
            },
        )
        await self.read_pool.open(wait=True, timeout=self.settings.db_connect_timeout_s * 2)
        self.write_pool = AsyncConnectionPool(
            self.database.url,
            min_size=1,
            max_size=4,
            open=False,
            check=AsyncConnectionPool.check_connection,
            timeout=self.settings.db_connect_timeout_s,
            kwargs={"autocommit": True, "options": "-c statement_timeout=1000"},
        )
        await self.write_pool.open(wait=True, timeout=self.settings.db_connect_timeout_s * 2)
        self.views_listener = ViewsListener(self.database.url)  # NOTIFY is not replicated: the primary
        self.views_listener.start()

    async def close(self) -> None:
        self._stop.set()
        if self.views_listener is not None:
            await self.views_listener.stop()
        if self._projector_thread is not None:
            await asyncio.to_thread(self._projector_thread.join, 10)
        if self.read_pool is not None:
            await self.read_pool.close()
        if self.write_pool is not None:
            await self.write_pool.close()
        self.app.close()

    @property
    def pool(self) -> AsyncConnectionPool:
        assert self.read_pool is not None, "runtime not opened"
        return self.read_pool

    async def _scalar(self, query: str, params: tuple[Any, ...] = ()) -> int:
        """One integer from the read pool (positions)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(query, params)
            row = await cur.fetchone()
            return int(row[0]) if row else 0

    async def views_position(self) -> int:
        """The position every view has reached."""
        return await self._scalar("SELECT coalesce(min(position), 0) FROM projection_tracking")

    async def cache_version(self, scope: RequestScope | None = None) -> str:
        """The version of everything an answer depends on, read before executing
        (so an answer is never older than its key) and from the pool the answer
        reads (on a replica, the replica's own). Without ``scope``: the position
        of every view (:meth:`data_version`). With ``scope`` (the request reads
        only rows of its gemeenten and regios,
        :func:`service.readpath.response_cache.request_scope`): the sum of the
        per-(table, scope) change counters of those gemeenten and, for gemeenten,
        of every scope that is not a gemeente; for regios, of their regional rows,
        their gemeenten's rows and rows of no scope (migrations 0525, 0595; a
        counter only grows, so the sum changes exactly when one of those rows
        changed; the scope's names are in the request, so in the key). Both carry
        the generation of the data outside the event log (the people directory,
        migration 0501; also bumped by a rebuild's swap and by TRUNCATE)."""
        if scope is None:
            views = await self.data_version()
            return f"{views}.{await self._scalar('SELECT generation FROM response_cache_generation')}"
        async with self.pool.connection() as conn:
            cur = await conn.execute(SCOPED_VERSION, scoped_version_params(scope))
            row = await cur.fetchone()
        return f"scoped:{row[0] if row else 0}.{row[1] if row else 0}"

    async def data_version(self) -> str:
        """The position of every view, as one key: it changes when any view moves
        (a mutation waits only for its own views, so the minimum is not enough).
        From the listener's memory while it listens, else from the database."""
        listener = self.views_listener
        on_primary = self.database.read_url == self.database.url
        # With reads on a replica the listener's positions (NOTIFY from the
        # primary) run ahead of the rows a query reads: an answer cached under
        # them could be older than its key. Then the key is the replica's own.
        if on_primary and listener is not None and listener.connected.is_set():
            return ",".join(f"{k}={v}" for k, v in sorted(listener.positions.items()))
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT coalesce(string_agg(projection || '=' || position, ',' ORDER BY projection COLLATE \"C\"), '')"
                " FROM projection_tracking"
            )
            row = await cur.fetchone()
            return str(row[0]) if row else ""

    @property
    def every_view(self) -> tuple[str, ...]:
        return tuple(p.name for p in all_projections())

    async def wait_for_views(
        self, position: int, timeout_s: float | None = None, views: Collection[str] | None = None
    ) -> bool:
        """Read-your-writes: wait (bounded) until ``views`` (default: every
        view) reached ``position``."""
        return not await self.views_behind(position, timeout_s, views)

    async def views_behind(
        self, position: int, timeout_s: float | None = None, views: Collection[str] | None = None
    ) -> list[str]:
        """Wait (bounded) through the shared listener; return the views that did
        not reach ``position`` in time (empty: all there)."""
        timeout = timeout_s if timeout_s is not None else self.settings.read_your_writes_timeout_s
        deadline = time.monotonic() + timeout
        wanted = tuple(views) if views is not None else self.every_view
        if self.views_listener is None:
            self.views_listener = ViewsListener(self.database.url)
        behind = await self.views_listener.wait(wanted, position, timeout)
        if behind or self.database.read_url == self.database.url:
            return behind
        return await self._replica_behind(wanted, position, deadline)

    async def _replica_behind(self, views: tuple[str, ...], position: int, deadline: float) -> list[str]:
        """A read replica trails the primary that notified: check it (rarely more than one look)."""
        query = "SELECT projection FROM projection_tracking WHERE projection = ANY(%s) AND position < %s"
        while True:
            async with self.pool.connection() as conn:
                rows = await (await conn.execute(query, (list(views), position))).fetchall()
            behind = sorted(str(r[0]) for r in rows)
            if not behind or time.monotonic() >= deadline:
                return behind
            await asyncio.sleep(0.005)

    async def log_head(self) -> int:
        """The last position written to the event log."""
        return await self._scalar("SELECT coalesce(max(notification_id), 0) FROM voortgang_events")

    async def primary_head(self) -> int:
        """The last position written, from the primary (a replica may trail it)."""
        if self.database.read_url == self.database.url:
            return await self.log_head()
        head = await asyncio.to_thread(self.app.recorder.max_notification_id)
        return int(head or 0)

    async def position_at(self, instant: Any) -> int:
        """The last log position recorded at or before ``instant`` (:data:`POSITION_AT`)."""
        return await self._scalar(POSITION_AT, (instant,))

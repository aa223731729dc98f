"""The event store: the eventsourcing library on PostgreSQL, behind one thin
adapter that runs its synchronous calls off the event loop.

Configuration is deliberate (docs/decisions.md):

* ``POSTGRES_ENABLE_DB_FUNCTIONS=y``: saves go through ``es_insert_events_uuid``
  (defined in ``migrations/0001``), never through psycopg's pipeline mode,
  which hangs on saves of a few hundred kilobytes.
* ``CREATE_TABLE=no``: the migrations define every table.
* ``AGGREGATE_CACHE_MAXSIZE`` with fast-forward (``cache_env``): write cost
  flat in an aggregate's history, correct with several processes.
* every connection has a ``statement_timeout``, so a hang becomes an error;
  the pool size, connect timeout and lock timeout come from the settings.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    InfrastructureFactory,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
    StoredEvent,
    Transcoding,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import Environment, retry
from psycopg import conninfo as pg_conninfo
from starlette.concurrency import run_in_threadpool

from service.config import Settings
from service.tamper.recorder import insert_signed

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class DateAsISO(Transcoding):
    """Business dates (``datetime.date``) in events, as ISO strings."""

    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


_library_insert = PostgresApplicationRecorder.insert_events.__wrapped__


class VoortgangRecorder(PostgresApplicationRecorder):
    """The library's recorder with saner retries for a service.

    The library retries a failed insert ten times. For a save that is wrong:
    a save blocked on the table lock would take ten lock timeouts to fail, and
    a retry after a connection lost during COMMIT would turn a write that did
    succeed into a version conflict. We try a save once and let the error
    surface (clients retry safely with an idempotency key); reads are retried
    a few times, briefly, since they change nothing.
    """

    audit_key: bytes | None = None
    """Set by :func:`create_application`; with it every save also stores a
    signed checkpoint (``service.tamper.recorder``, docs/history-and-audit.md)."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        if self.audit_key is None:
            ids: Sequence[int] | None = _library_insert(self, stored_events, **kwargs)
            return ids
        return insert_signed(self, self.audit_key, stored_events)

    select_events = retry((InterfaceError, OperationalError), max_attempts=3, wait=0.1)(
        PostgresApplicationRecorder.select_events.__wrapped__
    )
    select_notifications = retry((InterfaceError, OperationalError), max_attempts=3, wait=0.1)(
        PostgresApplicationRecorder.select_notifications.__wrapped__
    )
    max_notification_id = retry((InterfaceError, OperationalError), max_attempts=3, wait=0.1)(
        PostgresApplicationRecorder.max_notification_id.__wrapped__
    )


class VoortgangApplication(Application[UUID]):
    """One application, one event table (``voortgang_events``) for every
    aggregate, so that projections, the audit trail and the hash chain see a
    single ordered log."""

    name = "voortgang"

    def __init__(self, env: dict[str, str], statement_timeout_ms: int) -> None:
        self._statement_timeout_ms = statement_timeout_ms
        super().__init__(env=env)

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # Only what we pass: never pick up stray POSTGRES_* from os.environ.
        return Environment(name, dict(env or {}))

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        datastore = getattr(factory, "datastore", None)
        if datastore is not None:
            datastore.pool.kwargs["options"] = (
                f"-c statement_timeout={self._statement_timeout_ms}"
                f" -c lock_timeout={env.get('POSTGRES_LOCK_TIMEOUT', '5')}s"
            )
        return factory

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def library_env(url: str, settings: Settings) -> dict[str, str]:
    p = pg_conninfo.conninfo_to_dict(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": "service.store.eventstore:VoortgangRecorder",
        "POSTGRES_DBNAME": str(p.get("dbname", "voortgang")),
        "POSTGRES_HOST": str(p.get("host", "localhost")),
        "POSTGRES_PORT": str(p.get("port", "5432")),
        "POSTGRES_USER": str(p.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(p.get("password", "")),
        "POSTGRES_CONNECT_TIMEOUT": str(int(settings.db_connect_timeout_s)),
        "POSTGRES_POOL_SIZE": str(settings.db_pool_size),
        "POSTGRES_MAX_OVERFLOW": str(settings.db_pool_size),
        "POSTGRES_LOCK_TIMEOUT": str(settings.db_lock_timeout_s),
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
        "CREATE_TABLE": "no",
        **cache_env(settings.aggregate_cache_size),
    }


def cache_env(size: int) -> dict[str, str]:
    """The library's aggregate cache with fast-forward: a cached aggregate is
    brought up to date from the store (``SELECT ... WHERE originator_version >
    cached``, usually no rows) before every use, so a write costs the same on a
    point with 1 000 events as on a fresh one, and another process's writes are
    never missed. Never skipping: a get waits for a concurrent fast-forward of
    the same aggregate instead of using a stale copy. Commands get a deep copy,
    so a failed command never corrupts the cached state."""
    if size <= 0:
        return {}
    return {
        "AGGREGATE_CACHE_MAXSIZE": str(size),
        "AGGREGATE_CACHE_FASTFORWARD": "y",
        "AGGREGATE_CACHE_FASTFORWARD_SKIPPING": "n",
        "DEEPCOPY_FROM_AGGREGATE_CACHE": "y",
    }


def create_application(url: str, settings: Settings) -> VoortgangApplication:
    app = VoortgangApplication(library_env(url, settings), settings.db_statement_timeout_ms)
    recorder = app.recorder
    if isinstance(recorder, VoortgangRecorder):
        recorder.audit_key = settings.audit_key_bytes
    return app


async def off_loop(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a synchronous event-store call in the thread pool."""
    return await run_in_threadpool(fn, *args, **kwargs)

"""The projector: tails the event log and feeds every view, exactly once.

* One active runner per view across processes and machines: a session-level
  advisory lock per view. A second projector waits on the locks it does not
  hold and takes over when their holder dies (its session ends).
* Exactly once: one transaction per batch for every view: each view's work
  (``begin_batch``, ``process`` per event, ``end_batch``, the flush of a
  buffered view), then one tracking update for every view,
  guarded by the old positions, so a runner that lost its locks cannot
  double-apply. The events are read and decoded once for all views.
* A poisoned event (a handler raising for a stored event) stops only its view
  at that event (the batch is applied again, each view in a savepoint):
  named in ``projection_tracking`` (``stopped_event``, ``stopped_error``) and
  in the log; the other views go on (:mod:`projections.poison`).
* Orderly hand-over: a rebuild takes the rebuild lock; running projectors
  see it before each batch, release their view locks and wait until it ends.
* Woken by ``NOTIFY voortgang_events`` (sent by the insert function), with a
  poll as a fallback; after each commit it sends ``NOTIFY voortgang_views``
  with each view and its new position (read-your-writes, subscriptions).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg.types.json import set_json_dumps

from projections import batch_writer, poison
from projections.base import Position, Projection

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x766F7274  # "vort"
SELECT_EVENTS = (
    "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at"
    " FROM voortgang_events WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id LIMIT %s"
)
MOVE_TRACKING = (
    "UPDATE projection_tracking t SET position = s.new, updated_at = clock_timestamp()"
    " FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) AS s(name, old, new)"
    " WHERE t.projection = s.name AND t.position = s.old AND t.stopped_event IS NULL"
)


def _json_dumps(value: object) -> bytes:
    """jsonb values (the server stores them parsed, so the text is the same as json.dumps')."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def lock_key(projection: str) -> int:
    return zlib.crc32(projection.encode()) & 0x7FFFFFFF


END = 2**62
"""A position beyond any event."""
REBUILD_KEY = lock_key("(rebuild)")
"""Held (exclusively) while a rebuild takes the views over; projectors yield."""


LostOwnership = poison.LostOwnership
TRANSIENT = (psycopg.OperationalError, psycopg.InterfaceError, LostOwnership)
"""Failures that are not a view's: the whole batch is retried later."""


@dataclass
class Decoded:
    position: Position
    event: object


ProgressFn = Callable[[int], None]


@dataclass
class Projector:
    url: str
    mapper: Mapper[Any]
    projections: Sequence[Projection]
    batch_size: int = 500
    poll_interval_s: float = 1.0
    statement_timeout_ms: int = 60_000
    owned: set[str] = field(default_factory=set)
    lock_namespace: int = LOCK_NAMESPACE
    search_path: str | None = None
    """Schemas to find the views in first (a rebuild's shadow schema)."""
    notify: bool = True
    handover_timeout_s: float = 120.0
    _handover: bool = field(default=False, repr=False)
    # told (view, events) after each committed batch (metrics); the backend pid
    # of the session holding the locks (health)
    observer: Callable[[str, int], None] | None = None
    lock_pid: int | None = None

    def _connect(self, autocommit: bool = False) -> psycopg.Connection[Any]:
        options = f"-c statement_timeout={self.statement_timeout_ms} -c plan_cache_mode=force_custom_plan"
        if self.search_path:
            options += f" -c search_path={self.search_path},public"
        conn = psycopg.connect(self.url, autocommit=autocommit, options=options, connect_timeout=5)
        set_json_dumps(_json_dumps, context=conn)
        return conn

    # -- locks -----------------------------------------------------------
    def _acquire(self, lock_conn: psycopg.Connection[Any]) -> None:
        self._handover = False
        if self._rebuild_waiting(lock_conn):
            if self.owned:
                lock_conn.execute("SELECT pg_advisory_unlock_all()")
                log.info("projector.handed_over", extra={"views": sorted(self.owned)})
                self.owned.clear()
            return
        for p in self.projections:
            if p.name in self.owned:
                continue
            row = lock_conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (self.lock_namespace, lock_key(p.name))
            ).fetchone()
            if row and row[0]:
                self.owned.add(p.name)
                log.info("projection.lock_acquired", extra={"projection": p.name})

    def _rebuild_waiting(self, lock_conn: psycopg.Connection[Any]) -> bool:
        """Whether a rebuild holds (or waits for) the rebuild lock."""
        row = lock_conn.execute(
            "SELECT pg_try_advisory_xact_lock_shared(%s, %s)", (self.lock_namespace, REBUILD_KEY)
        ).fetchone()
        return not (row and row[0])

    @contextlib.contextmanager
    def taken_over(self) -> Iterator[psycopg.Connection[Any]]:
        """Hold every view's lock, after running projectors handed them over
        (they yield to the rebuild lock within one batch); a clear error, not
        a statement timeout, when one does not within ``handover_timeout_s``."""
        with self._connect(autocommit=True) as lock_conn:
            lock_conn.execute("SET statement_timeout = 0")
            lock_conn.execute("SELECT pg_advisory_lock(%s, %s)", (self.lock_namespace, REBUILD_KEY))
            try:
                deadline = time.monotonic() + self.handover_timeout_s
                for p in self.projections:
                    self._wait_for_lock(lock_conn, p.name, deadline)
                    self.owned.add(p.name)
                yield lock_conn
            finally:
                self.owned.clear()
                lock_conn.execute("SELECT pg_advisory_unlock_all()")

    def _wait_for_lock(self, lock_conn: psycopg.Connection[Any], name: str, deadline: float) -> None:
        while True:
            row = lock_conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (self.lock_namespace, lock_key(name))
            ).fetchone()
            if row and row[0]:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"view {name}: the running projector did not hand over within {self.handover_timeout_s:.0f} s"
                )
            time.sleep(0.05)

    # -- one pass ---------------------------------------------------------
    def positions(self, conn: psycopg.Connection[Any]) -> dict[str, int]:
        rows = conn.execute("SELECT projection, position FROM projection_tracking").fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def _tracking(self, conn: psycopg.Connection[Any], watch: bool) -> tuple[dict[str, int], set[str]]:
        """Positions and stopped views; with ``watch``, also whether a rebuild waits (then ``_handover``)."""
        rows = conn.execute(
            "SELECT projection, position, stopped_event, %s AND NOT pg_try_advisory_xact_lock_shared(%s, %s)"
            " FROM projection_tracking",
            (watch, self.lock_namespace, REBUILD_KEY),
        ).fetchall()
        self._handover = any(r[3] for r in rows)
        return {str(r[0]): int(r[1]) for r in rows}, {str(r[0]) for r in rows if r[2] is not None}

    def _ensure_tracking(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            for p in self.projections:
                conn.execute(
                    "INSERT INTO projection_tracking (projection) VALUES (%s) ON CONFLICT DO NOTHING",
                    (p.name,),
                )

    def _decode(self, rows: list[tuple[Any, ...]]) -> list[Decoded]:
        to_domain = self.mapper.to_domain_event
        return [
            Decoded(
                Position(int(nid), recorded_at),
                to_domain(StoredEvent(originator_id=oid, originator_version=v, topic=topic, state=bytes(state))),
            )
            for nid, oid, v, topic, state, recorded_at in rows
        ]

    def step(
        self, conn: psycopg.Connection[Any], batch_size: int | None = None, until: int = END, watch: bool = False
    ) -> int:
        """Apply one batch to every owned view that is not stopped; return how many events were read.
        With ``watch`` (the live loop), read nothing when a rebuild waits for the views."""
        positions, stopped = self._tracking(conn, watch)
        running = [p for p in self.projections if p.name in self.owned and p.name not in stopped]
        if not running or self._handover:
            return 0
        start = min(positions.get(p.name, 0) for p in running)
        rows = conn.execute(SELECT_EVENTS, (start, until, batch_size or self.batch_size)).fetchall()
        if not rows:
            return 0
        batch = self._decode(rows)
        try:
            self._apply_batch(conn, running, positions, start, batch, careful=False)
        except TRANSIENT:
            raise
        except Exception:  # noqa: BLE001 - a view failed: again, each view in a savepoint, to stop only it
            self._apply_batch(conn, running, positions, start, batch, careful=True)
        return len(batch)

    def _apply_batch(self, conn: psycopg.Connection[Any], running: list[Projection], positions: dict[str, int],
                     start: int, batch: list[Decoded], careful: bool) -> None:  # fmt: skip
        """One transaction for every view. ``careful``: each view in a savepoint, a poisoned event isolated."""
        kinds = {type(d.event) for d in batch}
        with conn.transaction(), conn.cursor() as cur:
            moves: list[tuple[str, int, int]] = []
            applied: dict[str, int] = {}
            for p in running:
                old = positions.get(p.name, 0)
                todo = batch if old == start else [d for d in batch if d.position.id > old]
                if not todo:
                    continue
                if not any(p.wants(k) for k in kinds) or self._apply(conn, cur, p, old, todo, careful):
                    moves.append((p.name, old, todo[-1].position.id))
                    applied[p.name] = len(todo)
            self._move(cur, moves)
        if self.observer is not None:
            for name, count in applied.items():
                self.observer(name, count)

    def _apply(self, conn: psycopg.Connection[Any], cur: psycopg.Cursor[Any], p: Projection, old: int,
               todo: list[Decoded], careful: bool) -> bool:  # fmt: skip
        """Apply ``todo`` to ``p`` (``careful``: in a savepoint); False when an event poisoned it (then recorded)."""
        if not careful:
            self._apply_events(conn, cur, p, todo)
            return True
        try:
            with conn.transaction():
                self._apply_events(conn, cur, p, todo)
            return True
        except TRANSIENT:
            raise
        except Exception:  # noqa: BLE001 - a handler failed: find the event, stop only this view
            return poison.isolate(conn, cur, p, old, todo, lambda events: self._apply_events(conn, cur, p, events))

    @staticmethod
    def _apply_events(conn: psycopg.Connection[Any], cur: psycopg.Cursor[Any], p: Projection,
                      todo: Sequence[Decoded]) -> None:  # fmt: skip
        events = [(d.event, d.position) for d in todo]
        if p.buffered:
            with batch_writer.active(cur) as writer:
                p.begin_batch(cur, events)
                for event, pos in events:
                    p.process(cur, event, pos)
                p.end_batch(cur)
                writer.flush()
            return
        with conn.pipeline() if p.pipeline else contextlib.nullcontext():
            p.begin_batch(cur, events)
            for event, pos in events:
                p.process(cur, event, pos)
        p.end_batch(cur)

    def _move(self, cur: psycopg.Cursor[Any], moves: list[tuple[str, int, int]]) -> None:
        if not moves:
            return
        names, olds, news = (list(x) for x in zip(*moves, strict=True))
        cur.execute(MOVE_TRACKING, (names, olds, news))
        if cur.rowcount != len(moves):
            raise LostOwnership(f"views {names} moved under us; another runner is active")
        if self.notify:
            notes = [json.dumps({"projection": n, "position": new}) for n, _, new in moves]
            cur.execute("SELECT pg_notify('voortgang_views', n) FROM unnest(%s::text[]) AS n", (notes,))

    # -- loops ------------------------------------------------------------
    def run(self, stop: threading.Event, on_batch: ProgressFn | None = None) -> None:
        """Project until ``stop`` is set; survives database restarts."""
        backoff = 0.5
        while not stop.is_set():
            try:
                self._run_connected(stop, on_batch)
            except psycopg.OperationalError as exc:
                self.owned.clear()
                log.warning("projector.database_unavailable", extra={"error": str(exc)})
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
            except Exception:  # a failing batch must not end the thread: logged, retried
                self.owned.clear()
                log.exception("projector.batch_failed")
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
            else:
                return

    def _run_connected(self, stop: threading.Event, on_batch: ProgressFn | None) -> None:
        with (
            self._connect(autocommit=True) as lock_conn,
            self._connect(autocommit=True) as conn,
            self._connect(autocommit=True) as listen_conn,
        ):
            listen_conn.execute("LISTEN voortgang_events")
            self.lock_pid = lock_conn.info.backend_pid
            self._ensure_tracking(conn)
            log.info("projector.started", extra={"views": [p.name for p in self.projections]})
            while not stop.is_set():
                if self._handover or len(self.owned) < len(self.projections):
                    self._acquire(lock_conn)
                applied = self.step(conn, watch=True) if self.owned else 0
                if on_batch and applied:
                    on_batch(applied)
                if applied or self._handover:
                    continue
                for _ in listen_conn.notifies(timeout=self.poll_interval_s if self.owned else 0.2, stop_after=1):
                    pass
            self.owned.clear()
            self.lock_pid = None

    def catch_up(
        self, progress: ProgressFn | None = None, batch_size: int | None = None, until_head: bool = False
    ) -> int:
        """Take the views over (running projectors hand over) and apply everything there is
        (with ``until_head``: up to the head of the log when it starts, though writes go on)."""
        total = 0
        with self.taken_over(), self._connect(autocommit=True) as conn:
            self._ensure_tracking(conn)
            until = _head(conn) if until_head else END
            while applied := self.step(conn, batch_size, until):
                total += applied
                if progress:
                    progress(applied)
        return total

    def reset(self) -> None:
        """Empty every view and its tracking (after taking the views over)."""
        with self.taken_over(), self._connect(autocommit=True) as conn:
            self._ensure_tracking(conn)
            with conn.transaction():
                for p in self.projections:
                    for table in p.tables:
                        conn.execute(psycopg.sql.SQL("TRUNCATE {} CASCADE").format(psycopg.sql.Identifier(table)))
                    conn.execute(
                        "UPDATE projection_tracking SET position = 0, stopped_event = NULL, stopped_error = NULL,"
                        " stopped_at = NULL WHERE projection = %s",
                        (p.name,),
                    )

    def stopped(self) -> list[poison.Stopped]:
        """The views stopped at a poisoned event."""
        with self._connect(autocommit=True) as conn:
            return poison.stopped_views(conn)


def _head(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT coalesce(max(notification_id), 0) FROM voortgang_events").fetchone()
    return int(row[0]) if row else 0


def event_count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(notification_id), 0) FROM voortgang_events").fetchone()
        return int(row[0]) if row else 0


def wait_until(url: str, position: int, timeout_s: float = 10.0) -> bool:
    """Block until every view has reached ``position`` (tests, CLI)."""
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT coalesce(min(position), 0) FROM projection_tracking").fetchone()
            if row and int(row[0]) >= position:
                return True
            time.sleep(0.01)
    return False

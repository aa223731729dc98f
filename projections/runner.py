"""The projector: tails the event log and feeds every view, exactly once.

* One active runner per view across processes and machines: a session-level
  advisory lock per view. A second projector waits on the locks it does not
  hold and takes over when their holder dies (its session ends).
* Exactly once: a batch of events (``begin_batch``, ``process`` per event,
  ``end_batch``) and the view's new tracking position are committed in one
  transaction; the position update is also guarded by the
  old position, so a runner that lost its lock cannot double-apply.
* Woken by ``NOTIFY voortgang_events`` (sent by the insert function), with a
  poll as a fallback; after each commit it sends ``NOTIFY voortgang_views``
  with the view and its new position (read-your-writes, subscriptions).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent

from projections.base import Position, Projection

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x766F7274  # "vort"
SELECT_EVENTS = (
    "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at"
    " FROM voortgang_events WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
)


def lock_key(projection: str) -> int:
    return zlib.crc32(projection.encode()) & 0x7FFFFFFF


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
    # told (view, events) after each committed batch (metrics); the backend pid
    # of the session holding the locks (health)
    observer: Callable[[str, int], None] | None = None
    lock_pid: int | None = None

    def _connect(self, autocommit: bool = False) -> psycopg.Connection[Any]:
        return psycopg.connect(
            self.url,
            autocommit=autocommit,
            options=f"-c statement_timeout={self.statement_timeout_ms}",
            connect_timeout=5,
        )

    # -- locks -----------------------------------------------------------
    def _acquire(self, lock_conn: psycopg.Connection[Any]) -> None:
        for p in self.projections:
            if p.name in self.owned:
                continue
            row = lock_conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lock_key(p.name))
            ).fetchone()
            if row and row[0]:
                self.owned.add(p.name)
                log.info("projection.lock_acquired", extra={"projection": p.name})

    # -- one pass ---------------------------------------------------------
    def positions(self, conn: psycopg.Connection[Any]) -> dict[str, int]:
        rows = conn.execute("SELECT projection, position FROM projection_tracking").fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def _ensure_tracking(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            for p in self.projections:
                conn.execute(
                    "INSERT INTO projection_tracking (projection) VALUES (%s) ON CONFLICT DO NOTHING",
                    (p.name,),
                )

    def _decode(self, rows: list[tuple[Any, ...]]) -> list[Decoded]:
        decoded = []
        for nid, oid, version, topic, state, recorded_at in rows:
            stored = StoredEvent(originator_id=oid, originator_version=version, topic=topic, state=bytes(state))
            decoded.append(Decoded(Position(int(nid), recorded_at), self.mapper.to_domain_event(stored)))
        return decoded

    def step(self, conn: psycopg.Connection[Any], batch_size: int | None = None) -> int:
        """Apply one batch to every owned view; return how many events were read."""
        owned = [p for p in self.projections if p.name in self.owned]
        if not owned:
            return 0
        positions = self.positions(conn)
        start = min(positions.get(p.name, 0) for p in owned)
        with conn.transaction():
            rows = conn.execute(SELECT_EVENTS, (start, batch_size or self.batch_size)).fetchall()
        if not rows:
            return 0
        batch = self._decode(rows)
        for p in owned:
            self._apply(conn, p, positions.get(p.name, 0), batch)
        return len(batch)

    def _apply(self, conn: psycopg.Connection[Any], p: Projection, old: int, batch: list[Decoded]) -> None:
        todo = [d for d in batch if d.position.id > old]
        if not todo:
            return
        new = todo[-1].position.id
        with conn.transaction(), conn.cursor() as cur:
            with conn.pipeline() if p.pipeline else contextlib.nullcontext():
                p.begin_batch(cur, [(d.event, d.position) for d in todo])
                for d in todo:
                    p.process(cur, d.event, d.position)
            p.end_batch(cur)
            cur.execute(
                "UPDATE projection_tracking SET position = %s, updated_at = clock_timestamp()"
                " WHERE projection = %s AND position = %s",
                (new, p.name, old),
            )
            if cur.rowcount != 1:
                raise RuntimeError(f"projection {p.name} moved under us; another runner is active")
            cur.execute(
                "SELECT pg_notify('voortgang_views', %s)",
                (json.dumps({"projection": p.name, "position": new}),),
            )
        if self.observer is not None:
            self.observer(p.name, len(todo))

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
                self._acquire(lock_conn)
                applied = self.step(conn)
                if on_batch and applied:
                    on_batch(applied)
                if applied:
                    continue
                for _ in listen_conn.notifies(timeout=self.poll_interval_s, stop_after=1):
                    pass
            self.owned.clear()
            self.lock_pid = None

    def catch_up(self, progress: ProgressFn | None = None, batch_size: int | None = None) -> int:
        """Acquire the locks (waiting for them) and apply everything there is."""
        total = 0
        with self._connect(autocommit=True) as lock_conn, self._connect(autocommit=True) as conn:
            self._ensure_tracking(conn)
            for p in self.projections:
                lock_conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lock_key(p.name)))
                self.owned.add(p.name)
            try:
                while applied := self.step(conn, batch_size):
                    total += applied
                    if progress:
                        progress(applied)
            finally:
                lock_conn.execute("SELECT pg_advisory_unlock_all()")
                self.owned.clear()
        return total

    def reset(self) -> None:
        """Empty every view and its tracking (under the views' locks)."""
        with self._connect(autocommit=True) as lock_conn, self._connect(autocommit=True) as conn:
            self._ensure_tracking(conn)
            for p in self.projections:
                lock_conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lock_key(p.name)))
            try:
                with conn.transaction():
                    for p in self.projections:
                        for table in p.tables:
                            conn.execute(psycopg.sql.SQL("TRUNCATE {} CASCADE").format(psycopg.sql.Identifier(table)))
                        conn.execute("UPDATE projection_tracking SET position = 0 WHERE projection = %s", (p.name,))
            finally:
                lock_conn.execute("SELECT pg_advisory_unlock_all()")


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

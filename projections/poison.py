"""Poisoned events: a handler that raises for a stored event stops only its
view, at that event, and says so.

When a view's batch fails (anything but a database outage), the runner calls
:func:`isolate`: it applies the batch's events to that view one by one, each
in its own savepoint, keeps the ones before the failing event, and records
the stop in ``projection_tracking`` (``stopped_event``, ``stopped_error``,
``stopped_at``) in the batch's transaction. The runner skips a stopped view
from then on; every other view goes on. Nothing is skipped: the view stays
at the event before, until an operator fixes the cause and runs
``voortgang views retry VIEW`` (or ``voortgang rebuild``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg

from projections.base import Projection

log = logging.getLogger("projections.runner")

MAX_ERROR_CHARS = 500


class _Decoded(Protocol):
    @property
    def position(self) -> Any: ...  # a projections.base.Position

    @property
    def event(self) -> object: ...


@dataclass(frozen=True)
class Stopped:
    """A view stopped at a poisoned event."""

    view: str
    event_id: int
    error: str
    since: dt.datetime
    position: int


class LostOwnership(RuntimeError):
    """Another runner moved a view's position: this batch must not commit."""


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:MAX_ERROR_CHARS]


def isolate(
    conn: psycopg.Connection[Any],
    cur: psycopg.Cursor[Any],
    p: Projection,
    old: int,
    todo: Sequence[_Decoded],
    apply: Callable[[Sequence[Any]], None],
) -> bool:
    """Apply ``todo`` to ``p`` event by event up to the one that fails and stop
    ``p`` there (False); True when every event applied alone (the batch moves on)."""
    good = old
    for d in todo:
        try:
            with conn.transaction():
                apply([d])
        except (psycopg.OperationalError, psycopg.InterfaceError):
            raise
        except Exception as exc:  # this is the poisoned event
            record(cur, p.name, old, good, d.position.id, describe(exc))
            log.error(
                "projection.stopped",
                extra={"projection": p.name, "event_id": d.position.id, "error": describe(exc)},
                exc_info=exc,
            )
            return False
        good = d.position.id
    log.warning("projection.batch_failed_events_did_not", extra={"projection": p.name, "position": good})
    return True


def record(cur: psycopg.Cursor[Any], view: str, old: int, position: int, event_id: int, error: str) -> None:
    """Stop ``view`` at ``event_id`` (guarded by its old position, like every tracking move)."""
    cur.execute(
        "UPDATE projection_tracking SET position = %s, stopped_event = %s, stopped_error = %s,"
        " stopped_at = clock_timestamp(), updated_at = clock_timestamp()"
        " WHERE projection = %s AND position = %s AND stopped_event IS NULL",
        (position, event_id, error, view, old),
    )
    if cur.rowcount != 1:
        raise LostOwnership(f"view {view} moved under us; another runner is active")


def stopped_views(conn: psycopg.Connection[Any]) -> list[Stopped]:
    rows = conn.execute(
        "SELECT projection, stopped_event, stopped_error, stopped_at, position FROM projection_tracking"
        " WHERE stopped_event IS NOT NULL ORDER BY projection"
    ).fetchall()
    return [Stopped(str(r[0]), int(r[1]), str(r[2]), r[3], int(r[4])) for r in rows]


def retry(conn: psycopg.Connection[Any], view: str) -> bool:
    """Let a stopped view go on from where it stopped (after the cause is fixed)."""
    cur = conn.execute(
        "UPDATE projection_tracking SET stopped_event = NULL, stopped_error = NULL, stopped_at = NULL"
        " WHERE projection = %s AND stopped_event IS NOT NULL",
        (view,),
    )
    return cur.rowcount == 1

"""Online rebuild: build every view anew beside the live ones, then swap.

``voortgang rebuild`` while ``serve`` or ``voortgang project`` runs:

1. the views are built from the first event into a shadow schema
   (:data:`SHADOW`, tables ``LIKE`` the live ones) by a projector with its own
   lock namespace and no notifications, while the running projector keeps the
   live views current and the service answers from them;
2. then the rebuild takes the live views over (:meth:`Projector.taken_over`:
   running projectors hand their locks over within one batch), brings the
   shadow to the head of the log, and in one transaction replaces the rows
   of every live view by the shadow's and sets their tracking positions
   (``DELETE`` + ``INSERT … SELECT``: readers see the old rows until the
   commit, then the new ones, and never wait);
3. the running projectors take the views back and go on from there.

A view that stops at a poisoned event in the shadow stops the rebuild before
the swap, with the event named; the live views are then left as they were.
Nothing fails silently: every refusal is an exception with a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import Mapper
from psycopg import sql

from projections import shadow
from projections.base import Projection
from projections.poison import Stopped
from projections.runner import LOCK_NAMESPACE, ProgressFn, Projector, lock_key

SHADOW_NAMESPACE = LOCK_NAMESPACE + 1
BUILD_KEY = lock_key("(online rebuild)")


class RebuildRefused(RuntimeError):
    """The rebuild could not start or could not swap; the live views are unchanged."""


@dataclass
class RebuildResult:
    events: int
    views: int
    stopped: list[Stopped] = field(default_factory=list)

    @property
    def swapped(self) -> bool:
        return not self.stopped


def rebuild_online(
    url: str,
    mapper: Mapper[Any],
    projections: Sequence[Projection],
    progress: ProgressFn | None = None,
    batch_size: int = 2000,
    handover_timeout_s: float = 120.0,
) -> RebuildResult:
    """Rebuild every view in a shadow schema and swap it in (see the module docstring)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET statement_timeout = 0")
        row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (SHADOW_NAMESPACE, BUILD_KEY)).fetchone()
        if not (row and row[0]):
            raise RebuildRefused("er draait al een rebuild (een andere sessie houdt de rebuild-lock)")
        live_schema = str((conn.execute("SELECT current_schema()").fetchone() or ("public",))[0])
        try:
            deferred = shadow.create(conn, live_schema, projections)
            builder = Projector(
                url=url, mapper=mapper, projections=projections, lock_namespace=SHADOW_NAMESPACE,
                search_path=shadow.SHADOW, notify=False, statement_timeout_ms=0,
            )  # fmt: skip
            result = RebuildResult(builder.catch_up(progress, batch_size, until_head=True), len(projections))
            result.stopped = builder.stopped()
            if result.stopped:
                return result
            shadow.finish(conn, deferred, projections)
            live = Projector(url=url, mapper=mapper, projections=projections, handover_timeout_s=handover_timeout_s)
            with live.taken_over():
                result.events += builder.catch_up(progress, batch_size, until_head=True)
                result.stopped = builder.stopped()
                if not result.stopped:
                    _swap(conn, live_schema, projections)
            return result
        finally:
            shadow.drop(conn)
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (SHADOW_NAMESPACE, BUILD_KEY))


def _swap(conn: psycopg.Connection[Any], live: str, projections: Sequence[Projection]) -> None:
    """The swap in one transaction, retried when readers hold the tables a moment too long."""
    for attempt in range(20):
        try:
            with conn.transaction():
                conn.execute("SET LOCAL lock_timeout = '1s'")
                shadow.swap(conn, live, projections)
                conn.execute(
                    sql.SQL(
                        "SELECT pg_notify('voortgang_views', json_build_object('projection', projection,"
                        " 'position', position)::text) FROM {} WHERE projection = ANY(%s)"
                    ).format(sql.Identifier(live, shadow.TRACKING)),
                    ([p.name for p in projections],),
                )
            return
        except psycopg.errors.LockNotAvailable:
            if attempt == 19:
                raise

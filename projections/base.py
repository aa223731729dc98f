"""The projection contract: one handler per event type, rows written with the
tracking position in one transaction (by :mod:`projections.runner`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from psycopg import Cursor

F = TypeVar("F", bound=Callable[..., None])


@dataclass(frozen=True)
class Position:
    """Where an event sits in the log, and when it was recorded."""

    id: int
    recorded_at: dt.datetime


def handles(*event_types: type) -> Callable[[F], F]:
    """Mark a method as the handler of one or more event types."""

    def mark(fn: F) -> F:
        fn.__dict__.setdefault("_handles", []).extend(event_types)
        return fn

    return mark


class Projection:
    """Base class of a read model.

    Subclasses set ``name`` (the tracking key) and ``tables`` (cleared on
    rebuild, in dependency order) and define ``@handles(...)`` methods taking
    ``(cursor, event, position)``. Handlers only write rows; they never call a
    service and never raise for a valid event stream.

    Optional batch hooks: the runner calls :meth:`begin_batch` with every
    event of a batch before the first :meth:`process` and :meth:`end_batch`
    after the last, all in the one transaction that also moves the view's
    tracking position (so a batch is applied exactly once or not at all). A
    view may prefetch state in ``begin_batch``, keep it in memory while
    ``process`` runs, and write it in ``end_batch``. Both default to no-ops.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    pipeline: ClassVar[bool] = False
    """Apply the batch in psycopg pipeline mode: statements are sent without
    waiting, so only results a handler reads (``fetch*``) cost a round trip.
    Only for views whose handlers never read ``cur.rowcount`` (use
    ``temporal.change``, not ``temporal.update``) and never COPY (``end_batch``
    runs after the pipeline and may)."""
    buffered: ClassVar[bool] = False
    """Fold the batch's temporal writes in memory and write each table once
    (:mod:`projections.batch_writer`). Only for views whose handlers read
    their own tables through the writer, never with SQL."""
    deferred_indexes: ClassVar[bool] = False
    """The handlers find rows only by key (primary key, current-row unique
    index), so a rebuild may build the view's other indexes after the load."""
    handlers: ClassVar[dict[type, Callable[..., None]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[type, Callable[..., None]] = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_type in getattr(attr, "_handles", ()):
                    found[event_type] = attr
        cls.handlers = found

    def begin_batch(self, cur: Cursor[Any], events: Sequence[tuple[object, Position]]) -> None:
        """Called before the batch's first :meth:`process` (default: nothing)."""

    def end_batch(self, cur: Cursor[Any]) -> None:
        """Called after the batch's last :meth:`process` (out of pipeline mode),
        before the tracking update and the commit (default: nothing)."""

    def wants(self, event_type: type) -> bool:
        """Whether :meth:`process` may do anything for events of this type
        (the runner skips a batch of events a view does not want, but still
        moves the view on)."""
        return event_type in self.handlers

    def process(self, cur: Cursor[Any], event: object, pos: Position) -> bool:
        handler = self.handlers.get(type(event))
        if handler is None:
            return False
        handler(self, cur, event, pos)
        return True

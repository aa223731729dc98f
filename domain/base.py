"""What every aggregate and event of Voortgang shares.

Every stored event carries who caused it and why: the actor id (never a name;
names live in the directory), the request id, the optional ``toelichting``
(reason) and the besluit on whose authority the change was made. The service
sets these once per command with :func:`command_context`; the base aggregate
copies them into each event it triggers, so domain methods stay about the
domain.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


@dataclass(frozen=True)
class CommandMeta:
    """Who, why and on whose authority: the context of one command."""

    actor_id: str
    request_id: str = ""
    toelichting: str | None = None
    besluit_id: str | None = None
    peildatum: dt.date | None = None
    """The date in reality the change is about (valid time); None = the day it is recorded."""


SYSTEM = CommandMeta(actor_id="system", request_id="system")

_current: contextvars.ContextVar[CommandMeta] = contextvars.ContextVar("voortgang_command_meta", default=SYSTEM)


@contextlib.contextmanager
def command_context(meta: CommandMeta) -> Iterator[CommandMeta]:
    """Run a block of domain calls on behalf of ``meta``."""
    token = _current.set(meta)
    try:
        yield meta
    finally:
        _current.reset(token)


def current_meta() -> CommandMeta:
    return _current.get()


def _meta_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    meta = _current.get()
    merged = {
        "actor_id": meta.actor_id,
        "request_id": meta.request_id,
        "toelichting": meta.toelichting,
        "besluit_id": meta.besluit_id,
        "peildatum": meta.peildatum,
    }
    merged.update(kwargs)
    return merged


class VoortgangAggregate(Aggregate):
    """Base aggregate: events carry the command's metadata."""

    class Event(Aggregate.Event):
        actor_id: str
        request_id: str
        toelichting: str | None
        besluit_id: str | None
        peildatum: dt.date | None
        """Valid time: the date in reality this change is about (None = the day it was recorded)."""

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Events stored before valid time carry no ``peildatum``: it is the
            day they were recorded (a stand van zaken keeps its own)."""
            state.setdefault("peildatum", None)

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        return super()._create(event_class, id=id, **_meta_kwargs(kwargs))

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, **_meta_kwargs(kwargs))

    @property
    def uuid(self) -> UUID:
        return self.id

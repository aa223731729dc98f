"""The plumbing every mutation shares: the command envelope from the input,
the call off the event loop, typed errors, and read-your-writes."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TypeVar

import psycopg
import strawberry
from eventsourcing import persistence
from psycopg_pool import PoolTimeout

from domain.errors import DomainError, Problem, ValidationFailed
from service.access.directory import record_first_write
from service.commands.base import Command, Saved
from service.graphql.context import Context
from service.graphql.errors import MutationError, SavedNotYetVisible, to_user_error
from service.readyourwrites.views import views_read
from service.store.eventstore import off_loop

T = TypeVar("T")


@strawberry.input(description="Wat elke mutatie meekrijgt: waarom, en hoe ze één keer wordt toegepast.")
class CommandInput:
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Een herhaald verzoek met dezelfde sleutel wordt één keer toegepast en geeft het eerste antwoord.",
    )
    toelichting: str | None = strawberry.field(
        default=None, description="Waarom deze wijziging (komt in de audittrail)."
    )


async def run_mutation(
    ctx: Context,
    input: CommandInput,
    command: Command | Callable[[], Command],
    payload: Callable[[Saved], Awaitable[T]],
    *,
    besluit_id: str | None = None,
) -> T | MutationError:
    """Run a command built from the input; on success wait until the views its
    answer reads show it and build the payload, or say it is saved and not yet
    visible. ``command`` is the command, or a function without arguments that
    builds it (when reading the input may refuse it: an id of the wrong type is
    then a typed error too)."""
    bad_text = unstorable_text(input)
    if bad_text:
        return to_user_error(ValidationFailed(bad_text))
    try:
        envelope = ctx.envelope(
            toelichting=input.toelichting,
            idempotency_key=input.idempotency_key,
            besluit_id=authority(besluit_id),
        )
        typed = command if isinstance(command, Command) else command()
        saved = await off_loop(ctx.commands.run, envelope, typed)
    except DomainError as exc:
        return to_user_error(exc)
    except DATABASE_DOWN as exc:
        raise DatabaseUnavailable(
            "de database is niet bereikbaar; de wijziging is niet bevestigd."
            " Herhaal het verzoek met dezelfde idempotency-sleutel."
        ) from exc
    try:
        if not saved.replayed:
            await record_first_write(ctx.runtime.database.url, ctx.user)
        views = views_read(saved.aggregate_type, ctx.runtime.every_view, under_besluit=besluit_id is not None)
        behind = await ctx.runtime.views_behind(saved.position, views=views)
        if behind:
            return SavedNotYetVisible.of(saved_id(saved), saved.version, saved.position, behind)
        return await payload(saved)
    except DATABASE_DOWN as exc:
        raise SavedButUnreadable(
            f"de wijziging is opgeslagen (versie {saved.version}, positie {saved.position}) maar kan nu niet"
            " worden teruggelezen: de database is even niet bereikbaar. Herhaal niet zonder idempotency-sleutel."
        ) from exc


def authority(besluit_id: str | None) -> str | None:
    """The besluit a mutation runs under, as the UUID the events record (the
    argument is its global id, or the deprecated raw UUID)."""
    from service.graphql.relay import object_uuid

    return None if besluit_id is None else str(object_uuid(besluit_id, "besluitId", "Besluit"))


def saved_id(saved: Saved) -> str:
    """The id a payload would show: global for a Node type, else the UUID."""
    from service.graphql.relay import NODE_RESOLVERS, to_global_id

    if saved.aggregate_type in NODE_RESOLVERS:
        return str(to_global_id(saved.aggregate_type, saved.aggregate_id))
    return str(saved.aggregate_id)


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL (PostgreSQL text and jsonb cannot hold it: the event would stop the
projector) and lone surrogates (not encodable as UTF-8)."""


def unstorable_text(value: object, path: str = "input") -> list[Problem]:
    """Every string anywhere in a mutation input that cannot be stored."""
    if isinstance(value, str):
        return [Problem(path, "bevat een NUL-teken of een ongeldig unicode-teken")] if UNSTORABLE.search(value) else []
    if isinstance(value, list | tuple):
        return [p for i, item in enumerate(value) for p in unstorable_text(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [p for k, item in value.items() for p in unstorable_text(item, f"{path}.{k}")]
    if hasattr(value, "__dict__") and not isinstance(value, type | Enum):
        return [p for k, item in vars(value).items() for p in unstorable_text(item, f"{path}.{_camel(k)}")]
    return []


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


class DatabaseUnavailable(DomainError):
    """The database could not be reached; the command is not confirmed (a
    retry with the same idempotency key applies it at most once)."""

    code = "DATABASE_UNAVAILABLE"


class SavedButUnreadable(DomainError):
    """The events are committed, but the payload could not be read back."""

    code = "SAVED_BUT_UNREADABLE"


DATABASE_DOWN = (psycopg.OperationalError, persistence.OperationalError, persistence.InterfaceError, PoolTimeout)
"""What a lost or refused database connection raises (psycopg, the event
library's wrappers of it, the read pool's checkout timeout)."""

"""Relay global object identification: global ids, the ``Node`` interface and
the ``node(id:)`` query.

A global id is ``base64url("<Type>:<local id>")``: opaque for clients, stable,
and unique across types. An area makes a type a node like this::

    @strawberry.type(description="...")
    class Ontwikkelplan(Node):          # inherits `id: ID!` (the global id)
        ...

    async def _plan_node(ctx: Context, local_id: str, as_of: int | None) -> Ontwikkelplan | None:
        ...                              # authorize in the query function; None when not visible

    register_node("Ontwikkelplan", _plan_node)

and builds it with ``Ontwikkelplan(id=to_global_id("Ontwikkelplan", plan_id), ...)``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.errors import DomainError
from projections import temporal
from service.graphql.context import Context
from service.graphql.valid_time import Peildatum


class GlobalIdError(DomainError):
    """Not a global id (of the expected type): a typed client error."""

    code = "BAD_USER_INPUT"


def to_global_id(type_name: str, local_id: object) -> strawberry.ID:
    """The global id of an object of ``type_name`` with ``local_id``."""
    raw = f"{type_name}:{local_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def from_global_id(global_id: str) -> tuple[str, str]:
    """``(type name, local id)`` of a global id; a typed error if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise GlobalIdError("ongeldig globaal id") from exc
    type_name, sep, local_id = raw.partition(":")
    if not sep or not type_name or not local_id:
        raise GlobalIdError("ongeldig globaal id")
    return type_name, local_id


def local_id(global_id: str, expected_type: str) -> str:
    """The local id of a global id that must be of ``expected_type``."""
    type_name, local = from_global_id(global_id)
    if type_name != expected_type:
        raise GlobalIdError(f"dit id hoort bij {type_name}, niet bij {expected_type}")
    return local


def local_uuid(global_id: str, expected_type: str) -> UUID:
    """The local UUID of a global id that must be of ``expected_type``."""
    try:
        return UUID(local_id(global_id, expected_type))
    except ValueError as exc:
        raise GlobalIdError("ongeldig globaal id") from exc


@strawberry.interface(description="Een object met een globaal id, op te halen met `node(id:)` (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(description="Globaal, opaak en stabiel id van dit object.")


NodeResolver = Callable[[Context, str, int | None], Awaitable[Any]]
NODE_RESOLVERS: dict[str, NodeResolver] = {}
"""Type name → async resolver(ctx, local id, as_of position) returning the node or None."""


def register_node(type_name: str, resolver: NodeResolver) -> None:
    NODE_RESOLVERS[type_name] = resolver


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Eén object op zijn globale id; leeg als het niet bestaat of niet zichtbaar is.")
    async def node(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Het globale id.")],
        as_of: Annotated[
            dt.datetime | None,
            strawberry.argument(description="Lees de toestand zoals die was vastgelegd op dit moment (UTC)."),
        ] = None,
        min_position: Annotated[
            int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
        ] = None,
        peildatum: Peildatum = None,
    ) -> Node | None:
        ctx = info.context
        ctx.user  # noqa: B018 - signed in; the resolver of the type authorizes
        type_name, local = from_global_id(id)
        resolver = NODE_RESOLVERS.get(type_name)
        if resolver is None:
            return None
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            result: Node | None = await resolver(ctx, local, position)
        return result

"""Relay global object identification: global ids, the ``Node`` interface and
the ``node(id:)`` query.

A global id is ``base64url("<Type>:<local id>")``: opaque for clients, stable,
and unique across types. An area makes a type a node like this::

    @strawberry.type(description="...")
    class Ontwikkelplan(Node):          # inherits `id: ID!` (the global id)
        ...

    async def _plan_node(ctx: Context, plan_id: UUID, as_of: int | None) -> Ontwikkelplan | None:
        ...                              # authorize in the query function; None when not visible

    NODES: dict[str, NodeResolver] = {"Ontwikkelplan": _plan_node}   # listed in schema.register_all

and builds it with ``Ontwikkelplan(id=to_global_id("Ontwikkelplan", plan_id), ...)``.
The local id is always the aggregate's UUID, so the id of an object is the same
wherever it appears (its type, the audit trail, PDCA history, live changes).
Every id argument is parsed by ``object_uuid`` (one parser, one typed error).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.errors import NotAllowed, Problem, ValidationFailed
from projections import temporal
from service.graphql.context import Context
from service.graphql.valid_time import Peildatum

RAW_UUID_UNTIL = dt.date(2027, 6, 30)
"""Until this date an id argument also takes the raw UUID it took before global
ids (deprecated; ``docs/schema-changelog.md``). After it, delete the fallback in
``object_uuid`` and the deprecated ``*Uuid`` fields."""


class GlobalIdError(ValidationFailed):
    """Not a global id (of the expected type): a typed client error naming the
    argument (``BAD_USER_INPUT``; in a mutation a ``ValidationError`` with that code)."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, field: str = "id") -> None:
        super().__init__([Problem(field, message)])


def to_global_id(type_name: str, local_id: object) -> strawberry.ID:
    """The global id of an object of ``type_name`` with ``local_id``."""
    raw = f"{type_name}:{local_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def global_id_or_none(type_name: str, local_id: object | None) -> strawberry.ID | None:
    """``to_global_id`` of a reference that may be empty (a besluit, an overleg)."""
    return to_global_id(type_name, local_id) if local_id else None


def from_global_id(global_id: str, field: str = "id") -> tuple[str, str]:
    """``(type name, local id)`` of a global id; a typed error if it is not one."""
    if len(global_id) > MAX_GLOBAL_ID:
        raise GlobalIdError("geen geldig globaal id (te lang)", field)
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise GlobalIdError("geen geldig globaal id", field) from exc
    type_name, sep, local_id = raw.partition(":")
    if not sep or not type_name or not local_id:
        raise GlobalIdError("geen geldig globaal id", field)
    return type_name, local_id


MAX_GLOBAL_ID = 200
"""Longer than any id the API hands out (type name and a UUID or code): refused
before decoding."""


def object_uuid(value: str, field: str, *types: str) -> UUID:
    """The UUID an id argument names: THE parser of every id argument.

    ``value`` is a global id of one of ``types`` (of any type when none are
    given), or, until ``RAW_UUID_UNTIL``, the raw UUID of before (deprecated).
    Anything else is a ``GlobalIdError`` naming ``field``."""
    if _RAW_UUID.fullmatch(value):
        return UUID(value)
    type_name, local = from_global_id(value, field)
    if types and type_name not in types:
        expected = " of ".join(types)
        raise GlobalIdError(f"dit id hoort bij {type_name}, niet bij {expected}", field)
    try:
        return UUID(local)
    except ValueError:
        raise GlobalIdError("geen geldig globaal id", field) from None


def optional_uuid(value: str | None, field: str, *types: str) -> UUID | None:
    """``object_uuid`` for an optional argument."""
    return None if value is None else object_uuid(value, field, *types)


_RAW_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
"""A raw UUID (32 hex digits, dashes optional). No global id of a UUID is
mistaken for one: ``Type:`` and 36 characters encode to at least 51."""


@strawberry.interface(description="Een object met een globaal id, op te halen met `node(id:)` (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(description="Globaal, opaak en stabiel id van dit object.")


NodeResolver = Callable[[Context, UUID, int | None], Awaitable[Any]]
NODE_RESOLVERS: dict[str, NodeResolver] = {}
"""Type name → async resolver(ctx, local UUID, as_of position) returning the
node, or None when it does not exist or the reader may not see it (the same
read as the type's own query: a hidden object answers exactly like a missing one)."""


def register_nodes(nodes: Mapping[str, NodeResolver]) -> None:
    """Make these types resolvable by ``node(id:)``. Called while the schema is built
    (``service.graphql.schema.register_all``), never at import."""
    NODE_RESOLVERS.update(nodes)


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
        if resolver is None or not _RAW_UUID.fullmatch(local):
            return None
        position = await ctx.as_of(as_of, min_position)
        try:
            with temporal.valid_time(peildatum):
                result: Node | None = await resolver(ctx, UUID(local), position)
        except NotAllowed:
            return None  # hidden answers exactly like missing
        return result

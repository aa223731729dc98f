"""Readable people: an actor id from the event log shown as an ``Official``.

Names never travel in events; the people directory (``service/access/directory.py``)
holds naam, rol and organisatie per actor id, and after erasure (AVG) the name
reads ``[gewist]`` while rol and organisatie stay. An ``Official`` is shown on
an object to whoever may see that object (the object's read path decides); it
does not open the directory itself (``personen`` stays for the programmabureau
and the auditor).

Every type that carries an actor id offers it as an ``Official`` with
:func:`official_field` (``vastgelegdDoor``, ``opgesteldDoor``, ...). The reads go
through one DataLoader per request, so a page of 200 audit rows or verplaatsingen
costs one directory statement, not 200.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from service.access import directory
from service.graphql.context import Context

LOADER = "people"


@strawberry.type(description="Een persoon zoals het personenregister haar toont: naam, rol en organisatie.")
class Official:
    id: str = strawberry.field(description="Actor-id (zoals in de gebeurtenissen).")
    naam: str = strawberry.field(description="Naam uit het personenregister; '[gewist]' na wissen (AVG).")
    rol: str | None = strawberry.field(description="Rol volgens het personenregister (leeg als onbekend).")
    organisatie: str | None = strawberry.field(description="Gemeentecode, gremium of rol (leeg als onbekend).")
    gewist: bool = strawberry.field(description="De naam is gewist; rol en organisatie blijven.")


def official_of(actor_id: str, person: directory.PersoonRow | None) -> Official:
    """The official for an actor id, from its directory entry (or the bare id if it has none)."""
    if person is None:
        return Official(id=actor_id, naam=actor_id, rol=None, organisatie=None, gewist=False)
    return Official(
        id=actor_id,
        naam=person.weergave,
        rol=person.rol or None,
        organisatie=person.organisatie or None,
        gewist=person.gewist,
    )


def _loader(ctx: Context) -> DataLoader[str, Official]:
    """The request's people loader, made on first use (never shared across requests)."""
    loader: DataLoader[str, Official] | None = ctx.loaders.get(LOADER)
    if loader is None:

        async def batch(actor_ids: list[str]) -> list[Official]:
            async with ctx.db() as conn:
                people = await directory.lookup(conn, sorted(set(actor_ids)))
            return [official_of(a, people.get(a)) for a in actor_ids]

        loader = DataLoader(load_fn=batch)
        ctx.loaders[LOADER] = loader
    return loader


def later(ctx: Context, actor_ids: list[str]) -> asyncio.Future[list[Official]]:
    """The officials of ``actor_ids``, batched with every other one the request asks for.

    A shielded future, not a coroutine: the loader's future is shared by every field that asks for
    the same person, and graphql-core cancels (or drops, unawaited) the sibling fields of one that
    fails; the shield keeps the shared future and its batch alive for the other fields, and a
    dropped future is not a coroutine that was never awaited."""
    return asyncio.shield(_loader(ctx).load_many(actor_ids))


async def official(ctx: Context, actor_id: str) -> Official:
    """The official of ``actor_id`` (see :func:`later`)."""
    return await later_one(ctx, actor_id)


async def officials(ctx: Context, actor_ids: list[str]) -> list[Official]:
    """The officials of several actor ids, in order (one batched read, see :func:`later`)."""
    return list(await later(ctx, actor_ids))


def later_one(ctx: Context, actor_id: str) -> asyncio.Future[Official]:
    """The official of ``actor_id`` as a shielded future (see :func:`later`)."""
    return asyncio.shield(_loader(ctx).load(actor_id))


def official_field(attr: str, description: str) -> Any:
    """A field that shows the actor id in ``root.<attr>`` as an :class:`Official`."""

    def resolve(root: Any, info: Info[Context, None]) -> Official:
        # an awaitable, resolved by graphql-core (see ``later``)
        return cast(Official, later_one(info.context, getattr(root, attr)))

    return strawberry.field(resolver=resolve, description=description)


def officials_field(attr: str, description: str) -> Any:
    """A field that shows the actor ids in the list ``root.<attr>`` as officials."""

    def resolve(root: Any, info: Info[Context, None]) -> list[Official]:
        return cast(list[Official], later(info.context, list(getattr(root, attr))))

    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="De verantwoordelijken van een ontwikkelplan als personen uit het personenregister.")
class Verantwoordelijken:
    portefeuillehouder_ids: strawberry.Private[list[str]]
    beleidsmedewerker_ids: strawberry.Private[list[str]]

    portefeuillehouders = officials_field(
        "portefeuillehouder_ids", "De verantwoordelijke portefeuillehouders (wethouders)."
    )
    beleidsmedewerkers = officials_field("beleidsmedewerker_ids", "De verantwoordelijke beleidsmedewerkers.")


def optional_official_field(attr: str, description: str) -> Any:
    """A field that shows the optional actor id in ``root.<attr>`` as an :class:`Official` (or null)."""

    def resolve(root: Any, info: Info[Context, None]) -> Official | None:
        actor_id = getattr(root, attr)
        return cast(Official, later_one(info.context, actor_id)) if actor_id else None

    return strawberry.field(resolver=resolve, description=description)

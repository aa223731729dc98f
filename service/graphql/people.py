"""Readable people: an actor id from the event log shown as an ``Official``.

Names never travel in events; the people directory (``service/access/directory.py``)
holds naam, rol and organisatie per actor id, and after erasure (AVG) the name
reads ``[gewist]`` while rol and organisatie stay. An ``Official`` is shown on
an object to whoever may see that object (the object's read path decides); it
does not open the directory itself (``personen`` stays for the programmabureau
and the auditor).
"""

from __future__ import annotations

import strawberry

from service.access import directory
from service.graphql.context import Context


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


async def official(ctx: Context, actor_id: str) -> Official:
    """The official of ``actor_id`` (one indexed directory read; the directory is small)."""
    async with ctx.db() as conn:
        people = await directory.lookup(conn, [actor_id])
    return official_of(actor_id, people.get(actor_id))

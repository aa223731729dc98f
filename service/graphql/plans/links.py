"""What an ontwikkelpunt links to in the other areas: its mijlpalen (programme)
and the besluiten under whose authority it was changed or that link it
(governance). Both are read through DataLoaders created per request and per
read position (in ``Context.loaders``, never module-level), so a plan with 200
ontwikkelpunten costs one statement per kind, not one per point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.principal import require_programme_reader
from projections import temporal
from projections.governance import besluit_effecten as effecten_view
from projections.programme import mijlpalen as mv
from service.graphql.context import Context
from service.graphql.governance.besluit import BesluitVoorObject, besluit_voor_object
from service.graphql.governance.common import besluit_scope
from service.graphql.programme.types import Planningregel, planningregel
from service.graphql.relay import GlobalIdError, from_global_id, to_global_id

K = TypeVar("K")
V = TypeVar("V")

PuntSleutel = tuple[UUID, tuple[str, ...]]
"""A point and its deelstap ids: the owners whose milestones the point shows."""


def deelstap_eigenaar(punt_id: UUID, deelstap_id: str) -> str:
    """The owner id of a milestone of a deelstap (see ``service/commands/programme/mijlpalen.py``)."""
    return f"{punt_id}/{deelstap_id}"


def _loader(
    ctx: Context, kind: str, as_of: int | None, load: Callable[[Context, int | None, list[K]], Awaitable[list[V]]]
) -> DataLoader[K, V]:
    """The request's loader of ``kind`` at ``as_of``; made on first use."""
    key = f"{kind}@{as_of}"
    loader = ctx.loaders.get(key)
    if loader is None:

        async def batch(keys: list[K]) -> list[V]:
            return await load(ctx, as_of, keys)

        loader = DataLoader(load_fn=batch)
        ctx.loaders[key] = loader
    return loader


async def _peildatum(ctx: Context, as_of: int | None) -> dt.date:
    """The date the milestone status is judged on: today, or the day of the position read."""
    if as_of is None:
        return dt.date.today()
    async with ctx.db() as conn:
        cur = await conn.execute(
            "SELECT recorded_at FROM voortgang_events WHERE notification_id <= %s"
            " ORDER BY notification_id DESC LIMIT 1",
            (as_of,),
        )
        row = await cur.fetchone()
    moment: Any = row[0] if row else None
    return moment.date() if isinstance(moment, dt.datetime) else dt.date.today()


async def _mijlpalen(ctx: Context, as_of: int | None, keys: list[PuntSleutel]) -> list[list[Planningregel]]:
    require_programme_reader(ctx.user)
    owner_of: dict[str, UUID] = {}
    for punt_id, deelstappen in keys:
        owner_of[str(punt_id)] = punt_id
        owner_of.update({deelstap_eigenaar(punt_id, d): punt_id for d in deelstappen})
    peildatum = temporal.current_peildatum() or await _peildatum(ctx, as_of)
    async with ctx.db() as conn:
        rows = await mv.mijlpalen_voor_eigenaren(conn, list(owner_of), as_of, peildatum)
    per_punt: dict[UUID, list[Planningregel]] = {punt_id: [] for punt_id, _ in keys}
    for row in sorted(rows, key=lambda r: (r.forecast, str(r.mijlpaal_id), r.gemeente)):
        per_punt[owner_of[row.eigenaar_id]].append(planningregel(row))
    return [per_punt[punt_id] for punt_id, _ in keys]


async def _besluiten(ctx: Context, as_of: int | None, keys: list[tuple[UUID, str]]) -> list[list[BesluitVoorObject]]:
    scope = besluit_scope(ctx.user)
    sleutels = {str(punt_id): punt_id for punt_id, _ in keys}
    sleutels |= {str(to_global_id("Ontwikkelpunt", punt_id)): punt_id for punt_id, _ in keys}
    eigen = [punt_id for punt_id, gemeente in keys if gemeente == scope]
    async with ctx.db() as conn:
        found = await effecten_view.besluiten_voor_objecten(conn, sleutels, as_of, scope=scope, eigen=eigen)
    return [[besluit_voor_object(r) for r in found.get(punt_id, [])] for punt_id, _ in keys]


async def mijlpalen_van_punt(
    ctx: Context, as_of: int | None, punt_id: UUID, deelstappen: Sequence[str], peildatum: dt.date | None = None
) -> list[Planningregel]:
    """The point's milestones as read at ``as_of``; with the plan's ``peildatum``, as they stood on it."""

    async def load(ctx: Context, as_of: int | None, keys: list[PuntSleutel]) -> list[list[Planningregel]]:
        with temporal.valid_time(peildatum):
            return await _mijlpalen(ctx, as_of, keys)

    kind = f"punt-mijlpalen@{peildatum}" if peildatum else "punt-mijlpalen"
    loader: DataLoader[PuntSleutel, list[Planningregel]] = _loader(ctx, kind, as_of, load)
    return await loader.load((punt_id, tuple(deelstappen)))


async def besluiten_van_punt(ctx: Context, as_of: int | None, punt_id: UUID, gemeente: str) -> list[BesluitVoorObject]:
    loader: DataLoader[tuple[UUID, str], list[BesluitVoorObject]] = _loader(ctx, "punt-besluiten", as_of, _besluiten)
    return await loader.load((punt_id, gemeente))


def punt_eigenaar(soort: str, eigenaar: str) -> str:
    """The owner id of a milestone of an ontwikkelpunt (or its deelstap) given by the
    point's global id or its uuid: ``<uuid>`` or ``<uuid>/<deelstap-id>``."""
    if soort not in ("ontwikkelpunt", "deelstap"):
        return eigenaar
    head, sep, tail = eigenaar.strip().partition("/")
    try:
        kind, local = from_global_id(head)
    except GlobalIdError:
        return eigenaar
    return f"{local}{sep}{tail}" if kind == "Ontwikkelpunt" else eigenaar

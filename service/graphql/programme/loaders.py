"""Loaders shared by the programme's queries and mutation payloads: each
reads view rows through the query functions and builds GraphQL types."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from domain.risico import risico_id
from projections.programme import begroting as bv
from projections.programme import mijlpalen as mv
from projections.programme import programma as pv
from projections.programme import risico as rv
from service.graphql.context import Context
from service.graphql.pagination import page_request
from service.graphql.programme import types as t
from service.graphql.relay import to_global_id


def peildatum_of(peildatum: dt.date | None, as_of: dt.datetime | None) -> dt.date:
    """The date lateness and slip are judged on: the peildatum (the same date the
    views are read as they stood on, ``temporal.valid_time``), else the day of
    ``asOf``, else today."""
    if peildatum is not None:
        return peildatum
    return as_of.date() if as_of is not None else dt.date.today()


async def load_programma(ctx: Context, code: str, as_of: int | None) -> t.Programma | None:
    async with ctx.db() as conn:
        row = await pv.programma(conn, ctx.user, code, as_of)
    return t.programma(row) if row else None


async def load_project(ctx: Context, code: str, as_of: int | None) -> t.Project | None:
    async with ctx.db() as conn:
        row = await pv.project(conn, ctx.user, code, as_of)
        if row is None:
            return None
        rapportages = await pv.voortgangsrapportages(conn, ctx.user, [row.project_id], as_of)
    return t.project(row, rapportages)


async def load_mijlpaal(ctx: Context, mijlpaal_id: UUID, as_of: int | None, peildatum: dt.date) -> t.Mijlpaal | None:
    async with ctx.db() as conn:
        rows = await mv.mijlpaal_rijen(conn, ctx.user, mijlpaal_id, as_of, peildatum)
        if not rows:
            return None
        history = await mv.verschuivingen(conn, ctx.user, mijlpaal_id, None, as_of)
    return t.Mijlpaal(
        id=to_global_id("Mijlpaal", mijlpaal_id),
        regionaal=t.planningregel(rows[0]),
        instanties=[t.planningregel(r) for r in rows[1:]],
        verschuivingen=[t.verplaatsing(v) for v in history],
    )


async def load_begroting(ctx: Context, programma: str, as_of: int | None, peildatum: dt.date) -> t.Begroting | None:
    async with ctx.db() as conn:
        row = await bv.begroting(conn, ctx.user, programma, as_of, peildatum)
    return t.begroting(row) if row else None


async def load_risico(ctx: Context, programma: str, nummer: str) -> t.Risico | None:
    rid = risico_id(programma, nummer.strip())
    async with ctx.db() as conn:
        page = await rv.risicoregister(conn, ctx.user, programma, None, page_request(1, None), None, rid)
        history = await rv.risicohistorie(conn, ctx.user, [rid], None)
    return t.risico(page.rows[0], history) if page.rows else None

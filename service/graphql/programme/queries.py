"""GraphQL of the regional programme: the programme overview, projects, the
mijlpalenplanning (Gantt rows, paginated in SQL) and slip history, the budget
overview and the risk register. Mutations are in ``programme_mutations``,
``programme_mijlpalen`` and ``programme_budget``; authorization is applied in
the command services and the query functions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from projections import temporal
from projections.programme import mijlpalen as mv
from projections.programme import programma as pv
from projections.programme import risico as rv
from service.graphql.context import Context
from service.graphql.pagination import After, Before, Connection, First, Last, connection, page_request, paging
from service.graphql.programme import types as t
from service.graphql.programme.begroting import BegrotingMutation
from service.graphql.programme.loaders import (
    load_begroting,
    load_mijlpaal,
    load_programma,
    load_project,
    peildatum_of,
)
from service.graphql.programme.mijlpalen import MijlpaalMutation
from service.graphql.programme.mutations import ProgrammaMutation
from service.graphql.relay import NodeResolver, object_uuid
from service.graphql.vocabulary import PlanningStatus, RisicoStatus

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."
AsOf = Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)]
MinPosition = Annotated[
    int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
]
PEILDATUM = (
    "Lees de toestand zoals die was op deze datum in werkelijkheid (geldige tijd), zoals nu bekend;"
    " met asOf: zoals op dat moment bekend. 'Vertraagd' en 'te laat' worden op deze datum beoordeeld."
    " Leeg = de laatste stand, beoordeeld op vandaag (met asOf: op de dag van asOf)."
)
Peildatum = Annotated[dt.date | None, strawberry.argument(description=PEILDATUM)]


@strawberry.type
class ProgrammeQuery:
    @strawberry.field(
        description="Alle regionale programma's met fasen, doelen, opdrachtgevers en projecten.",
        deprecation_reason="Gebruik programmasConnection (gepagineerd, met totalCount); vervalt na 2027-06-30.",
    )
    async def programmas(
        self,
        info: Info[Context, None],
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[t.Programma]:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await pv.programmas(conn, ctx.user, position)
        return [t.programma(r) for r in rows]

    @strawberry.field(
        description="De regionale programma's met fasen, doelen, opdrachtgevers en projecten, op code, gepagineerd."
    )
    async def programmas_connection(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> Connection[t.Programma]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await pv.programmas_page(conn, ctx.user, page, position)
        return connection(rows, t.programma)

    @strawberry.field(description="Het programma-overzicht van één programma.")
    async def programma(
        self,
        info: Info[Context, None],
        code: str,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> t.Programma | None:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_programma(ctx, code, position)

    @strawberry.field(description="Eén project met doelen, lokale planningen en voortgangsrapportages.")
    async def project(
        self,
        info: Info[Context, None],
        code: str,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> t.Project | None:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_project(ctx, code, position)

    @strawberry.field(
        description="De mijlpalenplanning als Gantt-data (baseline, verwachting, behaald, slip, redenen)."
    )
    async def mijlpalenplanning(
        self,
        info: Info[Context, None],
        programma: str | None = None,
        project: str | None = None,
        gemeente: Annotated[
            str | None, strawberry.argument(description="Alleen de instanties in deze gemeente.")
        ] = None,
        van: Annotated[dt.date | None, strawberry.argument(description="Periode: verwachting eindigt op/na.")] = None,
        tot: Annotated[dt.date | None, strawberry.argument(description="Periode: verwachting begint op/vóór.")] = None,
        status: Annotated[
            list[PlanningStatus] | None, strawberry.argument(description="Gepland, behaald, vertraagd, vervallen.")
        ] = None,
        peildatum: Peildatum = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
    ) -> Connection[t.Planningregel]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        filters = mv.PlanningFilter(
            programma=programma, project=project, gemeente=gemeente, van=van, tot=tot, statussen=status
        )
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await mv.mijlpalenplanning(
                    conn, ctx.user, filters, page, position, peildatum_of(peildatum, as_of)
                )
        return connection(rows, t.planningregel)

    @strawberry.field(description="Eén mijlpaal met zijn lokale instanties en verschuivingshistorie.")
    async def mijlpaal(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        peildatum: Peildatum = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
    ) -> t.Mijlpaal | None:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_mijlpaal(ctx, object_uuid(id, "id", "Mijlpaal"), position, peildatum_of(peildatum, as_of))

    @strawberry.field(description="De verschuivingshistorie van een mijlpaal of van zijn instantie in één gemeente.")
    async def verschuivingen(
        self,
        info: Info[Context, None],
        mijlpaal_id: strawberry.ID,
        gemeente: str | None = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[t.Verplaatsing]:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        mijlpaal = object_uuid(mijlpaal_id, "mijlpaalId", "Mijlpaal")
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await mv.verschuivingen(conn, ctx.user, mijlpaal, gemeente, position)
        return [t.verplaatsing(v) for v in rows]

    @strawberry.field(description="Het begrotingsoverzicht: regels, totalen, financiering, realisatie, verantwoording.")
    async def begroting(
        self,
        info: Info[Context, None],
        programma: str,
        peildatum: Peildatum = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
    ) -> t.Begroting | None:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_begroting(ctx, programma, position, peildatum_of(peildatum, as_of))

    @strawberry.field(description="Het risicoregister van een programma, met de historie van elk risico.")
    async def risicoregister(
        self,
        info: Info[Context, None],
        programma: str,
        status: Annotated[
            RisicoStatus | None, strawberry.argument(description="Alleen risico's met deze status.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> Connection[t.Risico]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await rv.risicoregister(conn, ctx.user, programma, status, page, position)
                history = await rv.risicohistorie(conn, ctx.user, [r.risico_id for r in rows.rows], position)
        return connection(rows, lambda r: t.risico(r, history))


@strawberry.type
class ProgrammeMutation(ProgrammaMutation, MijlpaalMutation, BegrotingMutation):
    pass


async def _programma_node(ctx: Context, programma_id: UUID, as_of: int | None) -> t.Programma | None:
    async with ctx.db() as conn:
        rows = [r for r in await pv.programmas(conn, ctx.user, as_of) if r.programma_id == programma_id]
    return t.programma(rows[0]) if rows else None


async def _project_node(ctx: Context, project_id: UUID, as_of: int | None) -> t.Project | None:
    async with ctx.db() as conn:
        codes = [
            j.code
            for p in await pv.programmas(conn, ctx.user, as_of)
            for j in p.projecten
            if j.project_id == project_id
        ]
    return await load_project(ctx, codes[0], as_of) if codes else None


async def _mijlpaal_node(ctx: Context, mijlpaal_id: UUID, as_of: int | None) -> t.Mijlpaal | None:
    return await load_mijlpaal(ctx, mijlpaal_id, as_of, dt.date.today())


async def _risico_node(ctx: Context, risico_id: UUID, as_of: int | None) -> t.Risico | None:
    async with ctx.db() as conn:
        for programma in await pv.programmas(conn, ctx.user, as_of):
            page = await rv.risicoregister(
                conn, ctx.user, programma.code, None, page_request(1, None), as_of, risico_id
            )
            if page.rows:
                history = await rv.risicohistorie(conn, ctx.user, [risico_id], as_of)
                return t.risico(page.rows[0], history)
    return None


NODES: dict[str, NodeResolver] = {
    "Programma": _programma_node,
    "Project": _project_node,
    "Mijlpaal": _mijlpaal_node,
    "Risico": _risico_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

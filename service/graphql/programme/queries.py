"""GraphQL of the regional programme: the programme overview, projects, the
mijlpalenplanning (Gantt rows, paginated in SQL) and slip history, the budget
overview and the risk register. Mutations are in ``programme_mutations``,
``programme_mijlpalen`` and ``programme_budget``; authorization is applied in
the command services and the query functions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from projections.programme import mijlpalen as mv
from projections.programme import programma as pv
from projections.programme import risico as rv
from service.graphql.context import Context
from service.graphql.pagination import After, Before, Connection, First, Last, connection, paging
from service.graphql.programme import types as t
from service.graphql.programme.begroting import BegrotingMutation
from service.graphql.programme.loaders import (
    load_begroting,
    load_mijlpaal,
    load_programma,
    load_project,
    parse_uuid,
    peildatum_of,
)
from service.graphql.programme.mijlpalen import MijlpaalMutation
from service.graphql.programme.mutations import ProgrammaMutation

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."
AsOf = Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)]
MinPosition = Annotated[
    int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
]
Peildatum = Annotated[
    dt.date | None,
    strawberry.argument(
        description="De datum waartegen 'vertraagd' en 'te laat' worden bepaald; leeg = vandaag of asOf."
    ),
]


@strawberry.type
class ProgrammeQuery:
    @strawberry.field(description="Alle regionale programma's met fasen, doelen, opdrachtgevers en projecten.")
    async def programmas(
        self, info: Info[Context, None], as_of: AsOf = None, min_position: MinPosition = None
    ) -> list[t.Programma]:
        ctx = info.context
        async with ctx.db() as conn:
            rows = await pv.programmas(conn, ctx.user, await ctx.as_of(as_of, min_position))
        return [t.programma(r) for r in rows]

    @strawberry.field(description="Het programma-overzicht van één programma.")
    async def programma(
        self, info: Info[Context, None], code: str, as_of: AsOf = None, min_position: MinPosition = None
    ) -> t.Programma | None:
        ctx = info.context
        return await load_programma(ctx, code, await ctx.as_of(as_of, min_position))

    @strawberry.field(description="Eén project met doelen, lokale planningen en voortgangsrapportages.")
    async def project(
        self, info: Info[Context, None], code: str, as_of: AsOf = None, min_position: MinPosition = None
    ) -> t.Project | None:
        ctx = info.context
        return await load_project(ctx, code, await ctx.as_of(as_of, min_position))

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
            list[str] | None, strawberry.argument(description="gepland, behaald, vertraagd, vervallen.")
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
        async with ctx.db() as conn:
            rows = await mv.mijlpalenplanning(conn, ctx.user, filters, page, position, peildatum_of(peildatum, as_of))
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
        return await load_mijlpaal(ctx, parse_uuid(id, "id"), position, peildatum_of(peildatum, as_of))

    @strawberry.field(description="De verschuivingshistorie van een mijlpaal of van zijn instantie in één gemeente.")
    async def verschuivingen(
        self,
        info: Info[Context, None],
        mijlpaal_id: strawberry.ID,
        gemeente: str | None = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
    ) -> list[t.Verplaatsing]:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        async with ctx.db() as conn:
            rows = await mv.verschuivingen(conn, ctx.user, parse_uuid(mijlpaal_id, "mijlpaalId"), gemeente, position)
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
        return await load_begroting(ctx, programma, position, peildatum_of(peildatum, as_of))

    @strawberry.field(description="Het risicoregister van een programma, met de historie van elk risico.")
    async def risicoregister(
        self,
        info: Info[Context, None],
        programma: str,
        status: str | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
    ) -> Connection[t.Risico]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        async with ctx.db() as conn:
            rows = await rv.risicoregister(conn, ctx.user, programma, status, page, position)
            history = await rv.risicohistorie(conn, ctx.user, [r.risico_id for r in rows.rows], position)
        return connection(rows, lambda r: t.risico(r, history))


@strawberry.type
class ProgrammeMutation(ProgrammaMutation, MijlpaalMutation, BegrotingMutation):
    pass

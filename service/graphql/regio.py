"""GraphQL for the regio registry: the pattern each area module follows
(types built from view rows, queries with ``asOf``, mutations returning a
union of payload and typed errors)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeAlias
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.regio import regio_id
from projections import regio as regio_view
from projections import temporal
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.pagination import After, Before, Connection, First, Last, connection, paging
from service.graphql.relay import Node, NodeResolver, optional_uuid, to_global_id
from service.graphql.results import Payload
from service.graphql.valid_time import Peildatum

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."


@strawberry.type(description="Een gemeente, aangeduid met haar CBS-gemeentecode.")
class Gemeente:
    code: str = strawberry.field(description="CBS-gemeentecode, bijvoorbeeld GM0307.")
    naam: str = strawberry.field(description="Naam van de gemeente.")


@strawberry.type(description="Een regio waarin gemeenten samenwerken.")
class Regio(Node):
    code: str = strawberry.field(description="Korte code van de regio.")
    naam: str = strawberry.field(description="Naam van de regio.")
    gemeenten: list[Gemeente] = strawberry.field(description="De gemeenten in deze regio, op code.")


async def load_regios(ctx: Context, as_of: int | None, code: str | None = None) -> list[Regio]:
    async with ctx.db() as conn:
        rows = await regio_view.regios(conn, as_of)
        if code is not None:
            rows = [r for r in rows if r.code == code]
        members = await regio_view.gemeenten(conn, [r.regio_id for r in rows], as_of)
    return _regios(rows, members)


def _regios(rows: list[regio_view.RegioRow], members: list[regio_view.GemeenteRow]) -> list[Regio]:
    by_regio: dict[UUID, list[Gemeente]] = {}
    for g in members:
        by_regio.setdefault(g.regio_id, []).append(Gemeente(code=g.code, naam=g.naam))
    return [
        Regio(id=to_global_id("Regio", r.regio_id), code=r.code, naam=r.naam, gemeenten=by_regio.get(r.regio_id, []))
        for r in rows
    ]


@strawberry.type
class RegioQuery:
    @strawberry.field(
        description="Alle regio's met hun gemeenten.",
        deprecation_reason="Gebruik regiosConnection (gepagineerd, met totalCount); vervalt na 2027-03-01.",
    )
    async def regios(
        self,
        info: Info[Context, None],
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[
            int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
        ] = None,
        peildatum: Peildatum = None,
    ) -> list[Regio]:
        ctx = info.context
        ctx.user  # noqa: B018 - any signed-in role may read the registry
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_regios(ctx, pos)

    @strawberry.field(description="De regio's met hun gemeenten, op code, gepagineerd.")
    async def regios_connection(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[
            int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
        ] = None,
        peildatum: Peildatum = None,
    ) -> Connection[Regio]:
        ctx = info.context
        ctx.user  # noqa: B018 - any signed-in role may read the registry
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await regio_view.regios_page(conn, page, position)
                members = await regio_view.gemeenten(conn, [r.regio_id for r in rows.rows], position)
        regios = {r.code: r for r in _regios(rows.rows, members)}
        return connection(rows, lambda r: regios[r.code])

    @strawberry.field(description="Alle gemeenten (optioneel van één regio), op code, gepagineerd.")
    async def gemeenten(
        self,
        info: Info[Context, None],
        regio: Annotated[strawberry.ID | None, strawberry.argument(description="Globaal id van een regio.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[
            int | None, strawberry.argument(description="Wacht (begrensd) tot de views deze positie bereikten.")
        ] = None,
        peildatum: Peildatum = None,
    ) -> Connection[Gemeente]:
        ctx = info.context
        ctx.user  # noqa: B018 - any signed-in role may read the registry
        page = paging(info, first, after, last, before)
        regio_uuid = optional_uuid(regio, "regio", "Regio")
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await regio_view.gemeenten_page(conn, page, position, regio_uuid)
        return connection(rows, lambda g: Gemeente(code=g.code, naam=g.naam))


@strawberry.input(description="Een nieuwe regio.")
class RegistreerRegioInput(CommandInput):
    code: str = strawberry.field(description="Korte code, bijvoorbeeld 'amersfoort'.")
    naam: str = strawberry.field(description="Naam van de regio.")


@strawberry.input(description="Een gemeente toevoegen aan een regio.")
class RegistreerGemeenteInput(CommandInput):
    regio: str = strawberry.field(description="Code van de regio.")
    code: str = strawberry.field(description="CBS-gemeentecode (GMxxxx).")
    naam: str = strawberry.field(description="Naam van de gemeente.")
    expected_version: int | None = strawberry.field(
        default=None, description="De versie van de regio die de client zag (optimistische concurrency)."
    )


RegioResult: TypeAlias = Annotated[Payload[Regio] | MutationError, strawberry.union("RegioResult")]


async def _payload(ctx: Context, code: str, version: int, position: int) -> Payload[Regio]:
    regios = await load_regios(ctx, None, code)
    return Payload(obj=regios[0], version=version, position=position)


@strawberry.type
class RegioMutation:
    @strawberry.mutation(description="Registreer een regio (alleen het programmabureau).")
    async def registreer_regio(self, info: Info[Context, None], input: RegistreerRegioInput) -> RegioResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            RegistreerRegio(code=input.code, naam=input.naam),
            lambda saved: _payload(ctx, input.code.strip(), saved.version, saved.position),
        )

    @strawberry.mutation(description="Registreer een gemeente in een regio (alleen het programmabureau).")
    async def registreer_gemeente(self, info: Info[Context, None], input: RegistreerGemeenteInput) -> RegioResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            RegistreerGemeente(
                regio=input.regio, code=input.code, naam=input.naam, expected_version=input.expected_version
            ),
            lambda saved: _payload(ctx, input.regio, saved.version, saved.position),
        )


async def _regio_node(ctx: Context, regio_uuid: UUID, as_of: int | None) -> Regio | None:
    async with ctx.db() as conn:
        rows = [r for r in await regio_view.regios(conn, as_of) if r.regio_id == regio_uuid]
    return (await load_regios(ctx, as_of, rows[0].code))[0] if rows else None


NODES: dict[str, NodeResolver] = {
    "Regio": _regio_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

__all__ = ["RegioMutation", "RegioQuery", "regio_id"]

"""GraphQL queries of the ontwikkelplannen: the template catalogue, plans,
points, the stand van zaken timeline, planning history, regional points,
regiobeeld and plan hygiene. What a reader may see is decided by PostgreSQL
row-level security on every read (``ctx.db()``, docs/security.md); what a
reader may not see is simply absent (``null`` / empty), never an error that
tells whether it exists."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain import catalogue
from projections import temporal
from projections.plans import queries as q
from projections.plans import regiobeeld as rb
from service.graphql.context import Context
from service.graphql.pagination import After, Before, Connection, First, Last, connection, paging
from service.graphql.people import official_field
from service.graphql.plans import types as t
from service.graphql.plans.catalogue import TemplateCatalogus, build
from service.graphql.relay import NodeResolver, global_id_or_none, object_uuid, to_global_id
from service.graphql.valid_time import Peildatum
from service.graphql.vocabulary import PlanningPrecisie, Voortgangssignaal

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."
MIN_POSITION = "Wacht (begrensd) tot de views deze positie bereikten."
AsOf = Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)]
MinPosition = Annotated[int | None, strawberry.argument(description=MIN_POSITION)]


async def load_plan(
    ctx: Context, as_of: int | None, gemeente: str, periode: str, plan_id: UUID | None = None
) -> t.Ontwikkelplan | None:
    """A whole plan in four statements, whatever its size."""
    ctx.user  # noqa: B018 - signed in; what is visible is row-level security's business
    async with ctx.db() as conn:
        headers = await q.plans(conn, as_of, gemeente or None, periode or None)
        headers = [h for h in headers if plan_id is None or h.plan_id == plan_id]
        if not headers:
            return None
        header = headers[0]
        punten = await q.points(conn, as_of, ctx.runtime.settings.stale_after_weeks, plan_id=header.plan_id)
        regionale = await rb.regional_points(conn, as_of, header.regio)
        progress = await rb.local_progress(conn, as_of, [r.punt_id for r in regionale], header.gemeente)
    return t.plan(header, punten, regionale, progress, as_of)


async def load_point(ctx: Context, as_of: int | None, punt_id: UUID) -> t.Ontwikkelpunt | None:
    async with ctx.db() as conn:
        rows = await q.points(conn, as_of, ctx.runtime.settings.stale_after_weeks, punt_id=punt_id)
    return t.punt(rows[0], as_of) if rows else None


async def load_regional(
    ctx: Context, as_of: int | None, punt_id: UUID, gemeente: str | None = None
) -> t.RegionaalOntwikkelpunt | None:
    ctx.user  # noqa: B018 - regional points are readable by every signed-in role
    async with ctx.db() as conn:
        rows = await rb.regional_points(conn, as_of, None, punt_id)
        progress = await rb.local_progress(conn, as_of, [punt_id], gemeente)
    return t.regionaal(rows[0], progress) if rows else None


@strawberry.type(description="Eén cel van het regiobeeld: een gemeente × een basisfunctie.")
class RegiobeeldCel:
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    naam: str = strawberry.field(description="Naam van de gemeente.")
    basisfunctie: int = strawberry.field(description="Basisfunctie 1-5.")
    concept: int = strawberry.field(description="Aantal ontwikkelpunten in concept (die u mag zien).")
    vastgesteld: int = strawberry.field(description="Aantal vastgesteld.")
    in_uitvoering: int = strawberry.field(description="Aantal in uitvoering.")
    afgerond: int = strawberry.field(description="Aantal afgerond.")
    vervallen: int = strawberry.field(description="Aantal vervallen.")
    op_koers: int = strawberry.field(description="Lopende punten met als laatste signaal 'op koers'.")
    aandacht_nodig: int = strawberry.field(description="Lopende punten met 'aandacht nodig'.")
    achter: int = strawberry.field(description="Lopende punten met 'achter'.")
    zonder_stand: int = strawberry.field(description="Lopende punten zonder stand van zaken.")
    laatste_peildatum: dt.date | None = strawberry.field(description="Peildatum van de laatste stand van zaken.")
    dagen_sinds_update: int | None = strawberry.field(description="Dagen sinds die peildatum.")


@strawberry.type(description="Een ontwikkelpunt met waarschuwingen over de planhygiëne.")
class HygieneMelding:
    ontwikkelpunt: strawberry.ID = strawberry.field(description="Globaal id van het ontwikkelpunt.")
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    basisfunctie: int = strawberry.field(description="Basisfunctie 1-5.")
    thema: str = strawberry.field(description="Code van de tabel.")
    doel: str = strawberry.field(description="Het ontwikkelpunt.")
    waarschuwingen: list[t.HygieneWaarschuwing] = strawberry.field(description="Wat er schort.")


@strawberry.type(description="Een planning zoals die gold vanaf een wijziging, met wie en waarom.")
class PlanningWijziging:
    planning: t.Planning = strawberry.field(description="De planning.")
    aangepast: bool = strawberry.field(description="Een aanpassing (niet de eerste planning).")
    toelichting: str | None = strawberry.field(description="Waarom.")
    actor_id: str = strawberry.field(
        description="Id van wie de planning vastlegde.",
        deprecation_reason="Gebruik `vastgelegdDoor` (naam, rol, organisatie); vervalt na 2027-06-30.",
    )
    vastgelegd_door = official_field("actor_id", "Wie de planning vastlegde: naam (of '[gewist]'), rol en organisatie.")
    besluit_id: str | None = strawberry.field(description="Het besluit waarop de wijziging berust.")
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer.")
    position: int = strawberry.field(description="Positie in het eventlog.")


def _subject(global_id: str) -> UUID:
    return object_uuid(global_id, "id", "Ontwikkelpunt", "LokaleVoortgang")


def _stand(r: q.TimelineRow) -> t.StandVanZaken:
    return t.StandVanZaken(
        volgnummer=r.volgnummer,
        peildatum=r.peildatum,
        tekst=r.tekst,
        signaal=Voortgangssignaal(r.signaal),
        auteur=r.auteur,
        baseline=r.baseline,
        vastgelegd_op=r.vastgelegd_op,
    )


@strawberry.type
class PlansQuery:
    @strawberry.field(description="Het template van het ontwikkelplan (standaard de huidige versie).")
    async def template_catalogus(
        self,
        info: Info[Context, None],
        versie: str | None = None,
        as_of: Annotated[
            dt.datetime | None,
            strawberry.argument(description="Genegeerd: het template is vaste data; kies een versie met `versie`."),
        ] = None,
        min_position: MinPosition = None,
        peildatum: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Zonder `versie`: de versie die gold op deze datum (de nieuwste met die datum of eerder);"
                " leeg = de huidige. Voor de eerste versie: leeg."
            ),
        ] = None,
    ) -> TemplateCatalogus | None:
        info.context.user  # noqa: B018 - any signed-in role
        await info.context.as_of(None, min_position)
        if versie is None and peildatum is not None:
            versie = catalogue.version_on(peildatum)
            if versie is None:
                return None
        versie = versie or catalogue.CURRENT_VERSION
        return build(catalogue.template(versie)) if catalogue.known_version(versie) else None

    @strawberry.field(
        description="De ontwikkelplannen die u mag zien (alleen de kop).",
        deprecation_reason="Gebruik ontwikkelplannenConnection (gepagineerd, met totalCount); vervalt na 2027-03-01.",
    )
    async def ontwikkelplannen(
        self,
        info: Info[Context, None],
        gemeente: str | None = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[t.Ontwikkelplan]:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await q.plans(conn, position, gemeente)
        return [t.plan(r, [], [], [], position, volledig=False) for r in rows]

    @strawberry.field(
        description="De ontwikkelplannen die u mag zien (alleen de kop), op gemeente en periode, gepagineerd."
    )
    async def ontwikkelplannen_connection(
        self,
        info: Info[Context, None],
        gemeente: str | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> Connection[t.Ontwikkelplan]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await q.plans_page(conn, position, gemeente, page)
            return connection(rows, lambda r: t.plan(r, [], [], [], position, volledig=False))

    @strawberry.field(
        description=(
            "Het plan van een gemeente met alle ontwikkelpunten die u mag zien;"
            " leeg als het er niet is of u het niet mag zien."
        )
    )
    async def ontwikkelplan(
        self,
        info: Info[Context, None],
        gemeente: str,
        periode: str = "2025-2027",
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> t.Ontwikkelplan | None:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_plan(ctx, position, gemeente, periode)

    @strawberry.field(
        description="De stand van zaken van een ontwikkelpunt of lokale voortgang, oudste (nulmeting) eerst."
    )
    async def stand_van_zaken_tijdlijn(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> Connection[t.StandVanZaken]:
        ctx = info.context
        subject = _subject(id)
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await q.timeline(conn, position, subject, page)
        return connection(rows, _stand)

    @strawberry.field(description="Elke planning die een ontwikkelpunt had, oudste eerst, met toelichting.")
    async def planning_historie(
        self,
        info: Info[Context, None],
        ontwikkelpunt: strawberry.ID,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[PlanningWijziging]:
        ctx = info.context
        punt_id = object_uuid(ontwikkelpunt, "ontwikkelpunt", "Ontwikkelpunt")
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await q.planning_history(conn, position, punt_id)
        return [
            PlanningWijziging(
                planning=t.Planning(
                    start=r.planning_start, gereed=r.planning_gereed, precisie=PlanningPrecisie(r.planning_precisie)
                ),
                aangepast=r.aangepast,
                toelichting=r.toelichting,
                actor_id=r.actor_id,
                besluit_id=global_id_or_none("Besluit", r.besluit_id),
                vastgelegd_op=r.vastgelegd_op,
                position=r.positie,
            )
            for r in rows
        ]

    @strawberry.field(description="De regionale ontwikkelpunten van een regio met de voortgang van elke gemeente.")
    async def regionale_ontwikkelpunten(
        self,
        info: Info[Context, None],
        regio: str,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[t.RegionaalOntwikkelpunt]:
        ctx = info.context
        ctx.user  # noqa: B018 - every signed-in role reads the regional points
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await rb.regional_points(conn, position, regio)
                progress = await rb.local_progress(conn, position, [r.punt_id for r in rows], None)
        return [t.regionaal(r, progress) for r in rows]

    @strawberry.field(description="Het regiobeeld: gemeenten × basisfuncties (telt alleen wat u mag zien).")
    async def regiobeeld(
        self,
        info: Info[Context, None],
        regio: str,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> list[RegiobeeldCel]:
        ctx = info.context
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await rb.regiobeeld(conn, position, regio)
        return [RegiobeeldCel(**vars(r)) for r in rows]

    @strawberry.field(description="Ontwikkelpunten met hygiënewaarschuwingen, op gemeente, basisfunctie en thema.")
    async def plan_hygiene(
        self,
        info: Info[Context, None],
        regio: str | None = None,
        gemeente: str | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: AsOf = None,
        min_position: MinPosition = None,
        peildatum: Peildatum = None,
    ) -> Connection[HygieneMelding]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await rb.hygiene_rows(
                    conn,
                    position,
                    ctx.runtime.settings.stale_after_weeks,
                    regio=regio,
                    gemeente=gemeente,
                    page=page,
                )
        return connection(
            rows,
            lambda r: HygieneMelding(
                ontwikkelpunt=to_global_id("Ontwikkelpunt", r.punt_id),
                gemeente=r.gemeente,
                basisfunctie=r.basisfunctie,
                thema=r.thema,
                doel=r.doel,
                waarschuwingen=[t.HygieneWaarschuwing(w) for w in r.waarschuwingen],
            ),
        )


async def _plan_node(ctx: Context, plan_id: UUID, as_of: int | None) -> t.Ontwikkelplan | None:
    return await load_plan(ctx, as_of, "", "", plan_id)


async def _point_node(ctx: Context, punt_id: UUID, as_of: int | None) -> t.Ontwikkelpunt | None:
    return await load_point(ctx, as_of, punt_id)


async def _regional_node(ctx: Context, punt_id: UUID, as_of: int | None) -> t.RegionaalOntwikkelpunt | None:
    return await load_regional(ctx, as_of, punt_id)


async def _voortgang_node(ctx: Context, voortgang_id: UUID, as_of: int | None) -> t.LokaleVoortgang | None:
    ctx.user  # noqa: B018 - read like the regional point's progress: every signed-in role, under row-level security
    async with ctx.db() as conn:
        row = await rb.progress_by_id(conn, as_of, voortgang_id)
    return t.voortgang(row) if row else None


NODES: dict[str, NodeResolver] = {
    "Ontwikkelplan": _plan_node,
    "Ontwikkelpunt": _point_node,
    "RegionaalOntwikkelpunt": _regional_node,
    "LokaleVoortgang": _voortgang_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

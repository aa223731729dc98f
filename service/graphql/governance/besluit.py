"""GraphQL for besluiten: the besluitenlijst, the register entry, the besluiten
concerning an object, and the mutations of a besluit's lifecycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeAlias
from uuid import UUID

import strawberry
from psycopg import AsyncConnection
from strawberry.types import Info

from projections import temporal
from projections.governance import besluit_effecten as effecten_view
from projections.governance import besluitenlijst as lijst
from service.commands.base import Command, Saved
from service.commands.governance.besluit import (
    AgendeerBesluit,
    CorrigeerBesluit,
    GeefAdvies,
    HoudBesluitAan,
    KoppelBesluit,
    LeidBesluitDoor,
    NeemBesluit,
    StelBesluitVoor,
    VerwerpBesluit,
    WijzigWooStatus,
)
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.governance.besluit_inputs import (
    AgendeerBesluitInput,
    BesluitRedenInput,
    BesluitStapInput,
    CorrigeerBesluitInput,
    GeefAdviesInput,
    KoppelBesluitInput,
    LeidBesluitDoorInput,
    NeemBesluitInput,
    StelBesluitVoorInput,
    WijzigWooStatusInput,
)
from service.graphql.governance.common import AS_OF, MIN_POSITION, MandateRefusedError, besluit_scope
from service.graphql.governance.types import Besluit, besluit_parts, besluit_type
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
    paging,
)
from service.graphql.relay import GlobalIdError, NodeResolver, object_uuid, to_global_id
from service.graphql.results import Payload
from service.graphql.valid_time import Peildatum
from service.graphql.vocabulary import BesluitRelatie, BesluitStatus, Kaderfilter


async def load_besluit(ctx: Context, scope: str | None, besluit_id: UUID, as_of: int | None) -> Besluit | None:
    async with ctx.db() as conn:
        row = await lijst.besluit(conn, scope, besluit_id, as_of)
        if row is None:
            return None
        parts = await besluit_parts(conn, [row.besluit_id], as_of)
    return besluit_type(row, parts)


@strawberry.type(description="Een besluit dat een object betreft: het wijzigde het (effect) of koppelt het.")
class BesluitVoorObject:
    besluit_id: str = strawberry.field(description="Id van het besluit.")
    kenmerk: str | None = strawberry.field(description="Kenmerk.")
    onderwerp: str | None = strawberry.field(description="Onderwerp.")
    gremium: str | None = strawberry.field(description="Het besluitende gremium.")
    status: BesluitStatus | None = strawberry.field(description="Status van het besluit.")
    datum: dt.date | None = strawberry.field(description="Datum van het besluit.")
    relatie: BesluitRelatie = strawberry.field(description="Effect (wijzigde het object) of koppeling.")
    event_type: str | None = strawberry.field(
        description="Bij een effect: de soort wijziging.",
        deprecation_reason="Gebruik `gebeurtenis`; vervalt na 2027-06-30.",
    )
    positie: int | None = strawberry.field(description="Bij een effect: positie in het eventlog.")
    vastgelegd_op: dt.datetime | None = strawberry.field(description="Bij een effect: wanneer vastgelegd.")

    @strawberry.field(description="Bij een effect: type gebeurtenis, bijvoorbeeld 'Ontwikkelpunt.PlanningBijgesteld'.")
    def gebeurtenis(self) -> str | None:
        return self.event_type


def besluit_voor_object(r: effecten_view.BesluitVoorObjectRow) -> BesluitVoorObject:
    return BesluitVoorObject(
        besluit_id=to_global_id("Besluit", r.besluit_id),
        kenmerk=r.kenmerk,
        onderwerp=r.onderwerp,
        gremium=r.gremium,
        status=BesluitStatus(r.status) if r.status else None,
        datum=r.datum,
        relatie=BesluitRelatie(r.relatie),
        event_type=r.event_type,
        positie=r.positie,
        vastgelegd_op=r.recorded_at,
    )


@strawberry.type
class BesluitQuery:
    @strawberry.field(description="De besluitenlijst, nieuwste eerst; per gremium of regio, met filters.")
    async def besluitenlijst(
        self,
        info: Info[Context, None],
        regio: Annotated[str | None, strawberry.argument(description="Code van de regio.")] = None,
        gremium: Annotated[str | None, strawberry.argument(description="Code van het gremium.")] = None,
        van: Annotated[dt.date | None, strawberry.argument(description="Besloten op of na.")] = None,
        tot: Annotated[dt.date | None, strawberry.argument(description="Besloten op of voor.")] = None,
        kader: Annotated[
            Kaderfilter | None,
            strawberry.argument(description="Raakt het inhoudelijke, het financiële, een van beide of geen kader."),
        ] = None,
        object_id: Annotated[
            str | None, strawberry.argument(description="Gekoppeld aan of gewijzigd: dit object.")
        ] = None,
        status: Annotated[
            BesluitStatus | None, strawberry.argument(description="Alleen besluiten met deze status.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Connection[Besluit]:
        ctx = info.context
        scope = besluit_scope(ctx.user)
        page = paging(info, first, after, last, before)
        pos = await ctx.as_of(as_of, min_position)
        f = lijst.BesluitFilter(
            regio=regio,
            gremium=gremium,
            van=van,
            tot=tot,
            kader=kader,
            object_id=object_keys(object_id)[0] if object_id else None,
            status=status,
        )
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await lijst.besluitenlijst(conn, scope, f, page, pos)
                parts = await besluit_parts(conn, [r.besluit_id for r in rows.rows], pos)
        return connection(rows, to_node=lambda r: besluit_type(r, parts))

    @strawberry.field(description="Het besluitregister: één besluit met zijn volledige geschiedenis.")
    async def besluit(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Id van het besluit.")],
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Besluit | None:
        ctx = info.context
        scope = besluit_scope(ctx.user)
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_besluit(ctx, scope, object_uuid(id, "id", "Besluit"), pos)

    @strawberry.field(
        description="De besluiten die een object (ontwikkelpunt, project, ...) wijzigden of koppelen.",
        deprecation_reason="Gebruik besluitenVoorObjectConnection (gepagineerd, totalCount); vervalt na 2027-06-30.",
    )
    async def besluiten_voor_object(
        self,
        info: Info[Context, None],
        object_id: Annotated[
            str, strawberry.argument(description="Globaal id van het object, of een code (project, begrotingsregel).")
        ],
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> list[BesluitVoorObject]:
        ctx = info.context
        scope = besluit_scope(ctx.user)
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = [
                    r
                    for key in object_keys(object_id)
                    for r in await effecten_view.besluiten_voor_object(conn, key, pos)
                ]
                if scope is not None:
                    rows = [r for r in rows if await _visible(conn, scope, r.besluit_id, pos)]
        return [besluit_voor_object(r) for r in rows]

    @strawberry.field(
        description="De besluiten die een object (ontwikkelpunt, project, ...) wijzigden (op positie) of koppelen"
        " (daarna), in de database gepagineerd; alleen de besluiten die u mag zien."
    )
    async def besluiten_voor_object_connection(
        self,
        info: Info[Context, None],
        object_id: Annotated[
            str, strawberry.argument(description="Globaal id van het object, of een code (project, begrotingsregel).")
        ],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Connection[BesluitVoorObject]:
        ctx = info.context
        scope = besluit_scope(ctx.user)
        page = paging(info, first, after, last, before)
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await effecten_view.besluiten_voor_object_page(conn, object_keys(object_id), scope, page, pos)
        return connection(rows, besluit_voor_object)


def object_keys(object_id: str) -> list[str]:
    """The texts that name an object in the besluit views: its UUID (effects and
    links) and, for a global id, the id as given (links made with it); a code
    (project, begrotingsregel) or ``uuid/deelstap`` as given."""
    try:
        uuid = str(object_uuid(object_id, "objectId"))
    except GlobalIdError:
        return [object_id]
    return [uuid] if uuid == object_id else [uuid, object_id]


async def _visible(conn: AsyncConnection[Any], scope: str, besluit_id: str, as_of: int | None) -> bool:
    try:
        key = UUID(besluit_id)
    except ValueError:
        return False
    return await lijst.besluit(conn, scope, key, as_of) is not None


BesluitResult: TypeAlias = Annotated[
    Payload[Besluit] | MandateRefusedError | MutationError, strawberry.union("BesluitResult")
]


async def _run(ctx: Context, input: CommandInput, build: Callable[[], Command]) -> BesluitResult:
    """Run the command ``build`` makes from the input (inside, so a wrong id is a typed error)."""

    async def payload(saved: Saved) -> Payload[Besluit]:
        besluit = await load_besluit(ctx, None, saved.aggregate_id, None)
        assert besluit is not None
        return Payload.of(besluit, saved)

    return await run_mutation(ctx, input, build, payload)


def _id(input: BesluitStapInput) -> UUID:
    return object_uuid(input.besluit_id, "besluitId", "Besluit")


@strawberry.type
class BesluitMutation:
    @strawberry.mutation(description="Stel een besluit voor aan een gremium (programmabureau of secretaris).")
    async def stel_besluit_voor(self, info: Info[Context, None], input: StelBesluitVoorInput) -> BesluitResult:
        command = StelBesluitVoor(
            regio=input.regio, kenmerk=input.kenmerk, onderwerp=input.onderwerp, gremium=input.gremium,
            beslispunten=list(input.beslispunten), overwegingen=list(input.overwegingen), voorstel=input.voorstel,
            kader_inhoudelijk=input.kader_inhoudelijk, kader_financieel=input.kader_financieel,
            betreft_gemeenten=list(input.betreft_gemeenten),
            koppelingen=[{"soort": k.soort, "id": k.object_id} for k in input.koppelingen],
        )  # fmt: skip
        return await _run(info.context, input, lambda: command)

    @strawberry.mutation(description="Leg een advies vooraf vast; afwijkende adviezen blijven staan.")
    async def geef_advies(self, info: Info[Context, None], input: GeefAdviesInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: GeefAdvies(
                besluit=_id(input), expected_version=input.expected_version, adviseur=input.adviseur,
                soort=input.adviseur_soort, standpunt=input.standpunt, toelichting=input.opmerkingen,
                datum=input.datum,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Koppel een object aan het besluit.")
    async def koppel_besluit(self, info: Info[Context, None], input: KoppelBesluitInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: KoppelBesluit(
                besluit=_id(input),
                expected_version=input.expected_version,
                soort=input.soort,
                object_id=input.object_id,
            ),
        )

    @strawberry.mutation(description="Agendeer het besluit in een overleg van het besluitende gremium.")
    async def agendeer_besluit(self, info: Info[Context, None], input: AgendeerBesluitInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: AgendeerBesluit(
                besluit=_id(input),
                expected_version=input.expected_version,
                overleg=object_uuid(input.overleg_id, "overlegId", "Overleg"),
            ),
        )

    @strawberry.mutation(
        description="Neem het besluit; buiten het mandaat geweigerd (MandateRefusedError) of doorgeleid."
    )
    async def neem_besluit(self, info: Info[Context, None], input: NeemBesluitInput) -> BesluitResult:
        uitkomsten: dict[int, str] = {u.nummer: u.uitkomst for u in input.uitkomsten}
        return await _run(
            info.context,
            input,
            lambda: NeemBesluit(
                besluit=_id(input),
                expected_version=input.expected_version,
                datum=input.datum,
                uitkomsten=uitkomsten,
                doorleiden=input.doorleiden_bij_weigering,
            ),
        )

    @strawberry.mutation(description="Verwerp het besluit (ook dat moet binnen het mandaat).")
    async def verwerp_besluit(self, info: Info[Context, None], input: BesluitRedenInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: VerwerpBesluit(
                besluit=_id(input), expected_version=input.expected_version, datum=input.datum, reden=input.reden
            ),
        )

    @strawberry.mutation(description="Houd het besluit aan (het kan later opnieuw worden geagendeerd).")
    async def houd_besluit_aan(self, info: Info[Context, None], input: BesluitRedenInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: HoudBesluitAan(
                besluit=_id(input), expected_version=input.expected_version, datum=input.datum, reden=input.reden
            ),
        )

    @strawberry.mutation(description="Leid het besluit door naar een ander gremium.")
    async def leid_besluit_door(self, info: Info[Context, None], input: LeidBesluitDoorInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: LeidBesluitDoor(
                besluit=_id(input), expected_version=input.expected_version, naar=input.naar, reden=input.reden
            ),
        )

    @strawberry.mutation(description="Corrigeer een vastgelegd besluit met een nieuwe stap die naar de oude verwijst.")
    async def corrigeer_besluit(self, info: Info[Context, None], input: CorrigeerBesluitInput) -> BesluitResult:
        punten = [{k: v for k, v in vars(p).items() if v is not None} for p in input.beslispunten]
        return await _run(
            info.context,
            input,
            lambda: CorrigeerBesluit(
                besluit=_id(input), expected_version=input.expected_version, correctie_van=input.correctie_van,
                reden=input.reden, onderwerp=input.onderwerp, overwegingen=input.overwegingen,
                beslispunten=punten or None,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Wijzig de Woo-publicatiestatus van een besluit.")
    async def wijzig_woo_status(self, info: Info[Context, None], input: WijzigWooStatusInput) -> BesluitResult:
        return await _run(
            info.context,
            input,
            lambda: WijzigWooStatus(
                besluit=_id(input),
                expected_version=input.expected_version,
                status=input.status,
                datum=input.datum,
                grond=input.grond,
            ),
        )


async def _besluit_node(ctx: Context, besluit_id: UUID, as_of: int | None) -> Besluit | None:
    return await load_besluit(ctx, besluit_scope(ctx.user), besluit_id, as_of)


NODES: dict[str, NodeResolver] = {
    "Besluit": _besluit_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

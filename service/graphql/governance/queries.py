"""GraphQL for governance: gremia, mandate rules and the mandate matrix here;
overleggen in ``governance_overleg.py``; besluiten in ``governance_besluit.py``.
``GovernanceQuery`` / ``GovernanceMutation`` join them for ``schema.py``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeAlias
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.errors import DomainError
from domain.mandaat import MandateRefused
from projections import temporal
from projections.governance import gremia as gremia_view
from service.commands.governance.gremium import (
    StelGremiumIn,
    StelMandaatVast,
    VoegGremiaSamen,
    WijzigGremium,
    WijzigMandaat,
    WijzigZetel,
)
from service.graphql.context import Context
from service.graphql.errors import ErrorMapper, MutationError
from service.graphql.governance.besluit import BesluitMutation, BesluitQuery
from service.graphql.governance.common import AS_OF, MIN_POSITION, BesluitInput, MandateRefusedError
from service.graphql.governance.overleg import OverlegMutation, OverlegQuery
from service.graphql.governance.types import Gremium, Mandaatmatrix, cel_type, gremium_type, regel_type
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.pagination import After, Before, Connection, First, Last, connection, paging
from service.graphql.relay import NodeResolver, to_global_id
from service.graphql.results import Payload
from service.graphql.valid_time import Peildatum
from service.graphql.vocabulary import BesluitSoort, Bevoegdheid, GremiumStatus, GremiumType


def _mandate_refused(exc: DomainError) -> MandateRefusedError:
    assert isinstance(exc, MandateRefused)
    return MandateRefusedError(message=exc.message, code=exc.code, rule=exc.rule, escalate_to=exc.escalate_to)


ERRORS: dict[type[DomainError], ErrorMapper] = {MandateRefused: _mandate_refused}
"""The governance domain errors with a typed error of their own, registered by
``service.graphql.schema.register_all``."""


async def load_gremia(ctx: Context, as_of: int | None, regio: str | None, code: str | None = None) -> list[Gremium]:
    async with ctx.db() as conn:
        rows = await gremia_view.gremia(conn, regio, as_of, code)
        zetels = await gremia_view.zetels(conn, [g.gremium_id for g in rows], as_of)
    return [gremium_type(g, zetels) for g in rows]


async def load_matrix(ctx: Context, regio: str, datum: dt.date, as_of: int | None) -> Mandaatmatrix:
    async with ctx.db() as conn:
        regels = await gremia_view.regels_op(conn, regio, datum, as_of)
        versie, cellen = await gremia_view.mandaatmatrix(conn, regio, datum, as_of)
    return Mandaatmatrix(
        regio=regio,
        datum=datum,
        versie=versie,
        regels=[regel_type(r) for r in regels],
        cellen=[cel_type(c) for c in cellen],
    )


@strawberry.type
class GremiumQuery:
    @strawberry.field(
        description="De gremia (van een regio), met zetels, cadans en status.",
        deprecation_reason="Gebruik gremiaConnection (gepagineerd, met totalCount); vervalt na 2027-03-01.",
    )
    async def gremia(
        self,
        info: Info[Context, None],
        regio: Annotated[str | None, strawberry.argument(description="Code van de regio.")] = None,
        code: Annotated[str | None, strawberry.argument(description="Alleen dit gremium.")] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> list[Gremium]:
        ctx = info.context
        ctx.user  # noqa: B018 - the bodies of a regio are public to every signed-in role
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_gremia(ctx, pos, regio, code)

    @strawberry.field(description="De gremia (van een regio), op regio en code, gepagineerd.")
    async def gremia_connection(
        self,
        info: Info[Context, None],
        regio: Annotated[str | None, strawberry.argument(description="Code van de regio.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Connection[Gremium]:
        ctx = info.context
        ctx.user  # noqa: B018 - the bodies of a regio are public to every signed-in role
        page = paging(info, first, after, last, before)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await gremia_view.gremia_page(conn, regio, position, page)
                zetels = await gremia_view.zetels(conn, [g.gremium_id for g in rows.rows], position)
        return connection(rows, lambda g: gremium_type(g, zetels))

    @strawberry.field(description="De mandaatmatrix: per gremium en soort besluit besluit / advies / geen.")
    async def mandaatmatrix(
        self,
        info: Info[Context, None],
        regio: Annotated[str, strawberry.argument(description="Code van de regio.")],
        datum: Annotated[
            dt.date | None,
            strawberry.argument(description="De regels die golden op deze datum; leeg = de peildatum, anders vandaag."),
        ] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Mandaatmatrix:
        ctx = info.context
        ctx.user  # noqa: B018 - mandates are public to every signed-in role
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_matrix(ctx, regio, datum or peildatum or dt.date.today(), pos)


@strawberry.input(description="Een zetel in een gremium.")
class ZetelInput:
    organisatie: str = strawberry.field(description="De organisatie.")
    deel_agenda: bool = strawberry.field(default=False, description="Alleen voor een deel van de agenda.")
    onderwerpen: list[str] = strawberry.field(default_factory=list, description="De agendaonderwerpen van de zetel.")


@strawberry.input(description="Een nieuw gremium (alleen het programmabureau).")
class StelGremiumInInput(CommandInput):
    code: str = strawberry.field(description="Code, bv. zhz-bo (kleine letters, cijfers, '-').")
    regio: str = strawberry.field(description="Code van de regio.")
    naam: str = strawberry.field(description="Naam.")
    type: GremiumType = strawberry.field(
        description="Bestuurlijk, ambtelijk, uitvoerend, advies, coördinatie of lokaal."
    )
    cadans: str = strawberry.field(description="kwartaal, maand, halfjaar, jaar, 6-8w, 2w of ad_hoc.")
    ingesteld_op: dt.date = strawberry.field(description="Datum van instelling.")
    voorzitter: str | None = strawberry.field(default=None, description="De voorzitter (rol of verwijzing).")
    zetels: list[ZetelInput] = strawberry.field(default_factory=list, description="De zetels.")


@strawberry.input(description="Voorzitter en/of cadans van een gremium wijzigen.")
class WijzigGremiumInput(CommandInput):
    code: str = strawberry.field(description="Code van het gremium.")
    voorzitter: str | None = strawberry.field(default=None, description="Nieuwe voorzitter (leeg = ongewijzigd).")
    cadans: str | None = strawberry.field(default=None, description="Nieuwe cadans (leeg = ongewijzigd).")
    expected_version: int | None = strawberry.field(default=None, description="De versie die de client zag.")


@strawberry.input(description="Een zetel toevoegen (zetel gegeven) of laten vervallen (zetel leeg).")
class WijzigZetelInput(CommandInput):
    gremium: str = strawberry.field(description="Code van het gremium.")
    organisatie: str = strawberry.field(description="De organisatie.")
    zetel: ZetelInput | None = strawberry.field(default=None, description="De nieuwe zetel; leeg = laten vervallen.")
    expected_version: int | None = strawberry.field(default=None, description="De versie die de client zag.")


@strawberry.input(description="Gremia samenvoegen: de bronnen gaan op in de opvolger en worden opgeheven.")
class VoegGremiaSamenInput(BesluitInput):
    bronnen: list[str] = strawberry.field(description="Codes van de gremia die opgaan in de opvolger.")
    opvolger: str = strawberry.field(description="Code van het (bestaande) opvolgende gremium.")
    datum: dt.date = strawberry.field(description="Datum van de samenvoeging.")


@strawberry.input(description="Een mandaatregel; de eerste regel die past beslist.")
class MandaatregelInput:
    code: str = strawberry.field(description="Naam van de regel (staat in elke weigering).")
    omschrijving: str = strawberry.field(description="De regel in gewone taal.")
    bevoegdheid: Bevoegdheid = strawberry.field(description="Besluit, advies of geen.")
    gremium_type: GremiumType | None = strawberry.field(default=None, description="Voor gremia van dit type.")
    gremium: str | None = strawberry.field(default=None, description="Voor dit gremium.")
    status: GremiumStatus | None = strawberry.field(default=None, description="Voor gremia met deze status.")
    soorten: list[BesluitSoort] = strawberry.field(default_factory=list, description="Soorten besluit (leeg = alle).")
    na: list[str] = strawberry.field(default_factory=list, description="Gremia die het voorstel eerst behandelen.")
    escaleer_naar: str | None = strawberry.field(default=None, description="Doorleiden naar dit gremium.")


@strawberry.input(description="De mandaatregels van een regio vaststellen of (op gezag van een besluit) wijzigen.")
class MandaatInput(BesluitInput):
    regio: str = strawberry.field(description="Code van de regio.")
    geldig_vanaf: dt.date = strawberry.field(description="Vanaf deze datum gelden de regels.")
    regels: list[MandaatregelInput] = strawberry.field(description="Alle regels van de nieuwe versie, in volgorde.")
    expected_version: int | None = strawberry.field(default=None, description="De versie die de client zag.")


@strawberry.type(name="MandaatPayload", description="Resultaat van een wijziging van de mandaatregels.")
class MandaatPayload(Payload[Mandaatmatrix]):
    """The one payload whose object is not named after its type: the matrix of the regeling."""

    obj: Mandaatmatrix = strawberry.field(name="matrix", description="De mandaatmatrix op de datum `geldigVanaf`.")


GremiumResult: TypeAlias = Annotated[Payload[Gremium] | MutationError, strawberry.union("GremiumResult")]
MandaatResult: TypeAlias = Annotated[
    MandaatPayload | MandateRefusedError | MutationError, strawberry.union("MandaatResult")
]


def _zetel(z: ZetelInput) -> dict[str, Any]:
    return {"organisatie": z.organisatie, "deel_agenda": z.deel_agenda, "onderwerpen": list(z.onderwerpen)}


async def _gremium_payload(ctx: Context, code: str, version: int, position: int) -> Payload[Gremium]:
    found = await load_gremia(ctx, None, None, code)
    return Payload(obj=found[0], version=version, position=position)


@strawberry.type
class GremiumMutation:
    @strawberry.mutation(description="Stel een gremium in (alleen het programmabureau).")
    async def stel_gremium_in(self, info: Info[Context, None], input: StelGremiumInInput) -> GremiumResult:
        ctx = info.context
        command = StelGremiumIn(
            code=input.code, regio=input.regio, naam=input.naam, type=input.type, cadans=input.cadans,
            ingesteld_op=input.ingesteld_op, voorzitter=input.voorzitter, zetels=[_zetel(z) for z in input.zetels],
        )  # fmt: skip
        return await run_mutation(
            ctx,
            input,
            command,
            lambda saved: _gremium_payload(ctx, input.code, saved.version, saved.position),
        )

    @strawberry.mutation(description="Wijzig voorzitter of cadans van een gremium (alleen het programmabureau).")
    async def wijzig_gremium(self, info: Info[Context, None], input: WijzigGremiumInput) -> GremiumResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            WijzigGremium(
                code=input.code,
                expected_version=input.expected_version,
                voorzitter=input.voorzitter,
                cadans=input.cadans,
            ),
            lambda saved: _gremium_payload(ctx, input.code, saved.version, saved.position),
        )

    @strawberry.mutation(description="Voeg een zetel toe aan een gremium of laat er een vervallen.")
    async def wijzig_zetel(self, info: Info[Context, None], input: WijzigZetelInput) -> GremiumResult:
        ctx = info.context
        zetel = _zetel(input.zetel) if input.zetel else None
        return await run_mutation(
            ctx,
            input,
            WijzigZetel(
                code=input.gremium, expected_version=input.expected_version, organisatie=input.organisatie, zetel=zetel
            ),
            lambda saved: _gremium_payload(ctx, input.gremium, saved.version, saved.position),
        )

    @strawberry.mutation(description="Voeg gremia samen in een opvolger; de bronnen worden opgeheven.")
    async def voeg_gremia_samen(self, info: Info[Context, None], input: VoegGremiaSamenInput) -> GremiumResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            VoegGremiaSamen(bronnen=list(input.bronnen), opvolger=input.opvolger, datum=input.datum),
            lambda saved: _gremium_payload(ctx, input.opvolger, saved.version, saved.position),
            besluit_id=input.besluit_id,
        )

    @strawberry.mutation(description="Stel de eerste mandaatregeling van een regio vast (programmabureau).")
    async def stel_mandaat_vast(self, info: Info[Context, None], input: MandaatInput) -> MandaatResult:
        ctx = info.context
        regels = [vars(r) for r in input.regels]
        return await run_mutation(
            ctx,
            input,
            StelMandaatVast(regio=input.regio, geldig_vanaf=input.geldig_vanaf, regels=regels),
            lambda saved: _mandaat_payload(ctx, input, saved.version, saved.position),
            besluit_id=input.besluit_id,
        )

    @strawberry.mutation(description="Wijzig de mandaatregels vanaf een datum, op gezag van een genomen besluit.")
    async def wijzig_mandaat(self, info: Info[Context, None], input: MandaatInput) -> MandaatResult:
        ctx = info.context
        regels = [vars(r) for r in input.regels]
        return await run_mutation(
            ctx,
            input,
            WijzigMandaat(
                regio=input.regio,
                geldig_vanaf=input.geldig_vanaf,
                regels=regels,
                expected_version=input.expected_version,
            ),
            lambda saved: _mandaat_payload(ctx, input, saved.version, saved.position),
            besluit_id=input.besluit_id,
        )


async def _mandaat_payload(ctx: Context, input: MandaatInput, version: int, position: int) -> MandaatPayload:
    matrix = await load_matrix(ctx, input.regio, input.geldig_vanaf, None)
    return MandaatPayload(obj=matrix, version=version, position=position)


@strawberry.type
class GovernanceQuery(GremiumQuery, OverlegQuery, BesluitQuery):
    pass


@strawberry.type
class GovernanceMutation(GremiumMutation, OverlegMutation, BesluitMutation):
    pass


async def _gremium_node(ctx: Context, gremium_id: UUID, as_of: int | None) -> Gremium | None:
    found = [g for g in await load_gremia(ctx, as_of, None) if g.id == to_global_id("Gremium", gremium_id)]
    return found[0] if found else None


NODES: dict[str, NodeResolver] = {
    "Gremium": _gremium_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

__all__ = ["GovernanceMutation", "GovernanceQuery", "MandateRefusedError"]

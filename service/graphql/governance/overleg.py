"""GraphQL for overleggen: the meeting calendar with cadence compliance, the
agenda pack of a meeting, and the mutations that record a meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeAlias
from uuid import UUID

import strawberry
from strawberry.types import Info

from projections import temporal
from projections.governance import agenda as agenda_view
from projections.governance import overleg as overleg_view
from projections.governance.besluitenlijst import BesluitFilter, besluitenlijst
from projections.paging import PageRequest
from service.access.authz import require_governance_reader
from service.commands.base import Command, Saved
from service.commands.governance.overleg import (
    AgendeerPunt,
    AnnuleerOverleg,
    HoudOverleg,
    LegAanwezigheidVast,
    LegNotulenVast,
    OntvangRapportage,
    PlanOverleg,
)
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.governance.common import AS_OF, MIN_POSITION
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.relay import Node, NodeResolver, object_uuid, to_global_id
from service.graphql.results import Payload
from service.graphql.valid_time import Peildatum
from service.graphql.vocabulary import AgendaSoort, BesluitStatus, GremiumStatus, OverlegStatus, RapportageSoort


@strawberry.type(description="Een agendapunt met de huidige toestand van waar het naar verwijst.")
class Agendapunt:
    nummer: int = strawberry.field(description="Volgnummer op de agenda.")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    soort: AgendaSoort = strawberry.field(description="Waar het agendapunt over gaat.")
    ref_id: str | None = strawberry.field(description="Id van het object waarnaar het punt verwijst.")
    terugkerend: bool = strawberry.field(description="Een punt dat elk overleg terugkomt.")
    toestand: str | None = strawberry.field(description="De huidige toestand van het object (status, planning).")


@strawberry.type(description="Aanwezigheid van een organisatie of rol bij een overleg.")
class Aanwezige:
    organisatie: str = strawberry.field(description="Organisatie.")
    rol: str | None = strawberry.field(description="Rol (geen namen).")
    aanwezig: bool = strawberry.field(description="Aanwezig (anders afgemeld).")


@strawberry.type(description="Een rapportage die het overleg ontving (verantwoording van voortgang en budget).")
class Rapportage:
    soort: RapportageSoort = strawberry.field(description="Soort rapportage.")
    door: str = strawberry.field(description="Door (rol, bv. programmamanager).")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    document: str | None = strawberry.field(description="Documentverwijzing.")


@strawberry.type(description="Een besluit dat in dit overleg is geagendeerd of genomen.")
class OverlegBesluit:
    id: strawberry.ID = strawberry.field(description="Id van het besluit.")
    kenmerk: str = strawberry.field(description="Kenmerk.")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    status: BesluitStatus = strawberry.field(description="Status van het besluit.")


@strawberry.type(description="Een overleg van een gremium; als agendapakket met de toestand van elk punt.")
class Overleg(Node):
    gremium: str = strawberry.field(description="Code van het gremium.")
    regio: str = strawberry.field(description="Code van de regio.")
    datum: dt.date = strawberry.field(description="Datum.")
    locatie: str | None = strawberry.field(description="Locatie.")
    status: OverlegStatus = strawberry.field(description="Gepland, gehouden of geannuleerd.")
    notulen: str | None = strawberry.field(description="Verwijzing naar de notulen.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")
    agenda: list[Agendapunt] = strawberry.field(description="De agendapunten met hun huidige toestand.")
    aanwezigen: list[Aanwezige] = strawberry.field(description="Aanwezigheid.")
    rapportages: list[Rapportage] = strawberry.field(description="Ontvangen rapportages.")
    besluiten: list[OverlegBesluit] = strawberry.field(description="Besluiten in dit overleg.")


@strawberry.type(description="Een periode tussen twee overleggen die langer was dan de cadans.")
class Overschrijding:
    van: dt.date = strawberry.field(description="Vorig overleg (of instelling).")
    tot: dt.date = strawberry.field(description="Volgend overleg.")
    dagen: int = strawberry.field(description="Aantal dagen ertussen.")


@strawberry.type(description="Een gremium in de vergaderkalender, met of het zijn cadans haalt.")
class Cadans:
    gremium: str = strawberry.field(description="Code van het gremium.")
    naam: str = strawberry.field(description="Naam.")
    cadans: str = strawberry.field(description="De cadans.")
    max_dagen: int | None = strawberry.field(description="Hoogstens zoveel dagen tussen overleggen (leeg: ad hoc).")
    status: GremiumStatus = strawberry.field(description="Status van het gremium op de peildatum.")
    laatste_overleg: dt.date | None = strawberry.field(description="Laatste overleg op of voor de peildatum.")
    volgend_overleg: dt.date | None = strawberry.field(description="Eerstvolgende geplande overleg.")
    dagen_sinds: int | None = strawberry.field(description="Dagen sinds het laatste overleg.")
    buiten_cadans: bool = strawberry.field(description="Het gremium heeft niet binnen zijn cadans vergaderd.")
    overschrijdingen: list[Overschrijding] = strawberry.field(description="Eerdere perioden buiten de cadans.")


@strawberry.type(description="De vergaderkalender van een regio met cadansbewaking.")
class Vergaderkalender:
    regio: str = strawberry.field(description="Code van de regio.")
    peildatum: dt.date = strawberry.field(description="De datum waarop de cadans is beoordeeld.")
    gremia: list[Cadans] = strawberry.field(description="Per gremium: laatste en volgende overleg, en vlag.")
    overleggen: list[Overleg] = strawberry.field(description="Alle overleggen, op datum.")


def _overleg(m: overleg_view.OverlegRow, **parts: Any) -> Overleg:
    return Overleg(
        id=to_global_id("Overleg", m.overleg_id), gremium=m.gremium, regio=m.regio, datum=m.datum, locatie=m.locatie,
        status=OverlegStatus(m.status), notulen=m.notulen, version=m.version, agenda=parts.get("agenda", []),
        aanwezigen=parts.get("aanwezigen", []), rapportages=parts.get("rapportages", []),
        besluiten=parts.get("besluiten", []),
    )  # fmt: skip


async def load_agendapakket(ctx: Context, overleg_id: UUID, as_of: int | None) -> Overleg | None:
    async with ctx.db() as conn:
        found = await overleg_view.overleggen(conn, as_of, overleg_id=overleg_id)
        if not found:
            return None
        punten = await agenda_view.agendapunten(conn, overleg_id, as_of)
        aanwezig = await agenda_view.aanwezigen(conn, overleg_id, as_of)
        rapporten = await agenda_view.rapportages(conn, overleg_id, as_of)
        besluiten = await besluitenlijst(
            conn, None, BesluitFilter(overleg_id=overleg_id), PageRequest(200, None), as_of
        )
    return _overleg(
        found[0],
        agenda=[Agendapunt(**vars(p)) for p in punten],
        aanwezigen=[Aanwezige(**vars(a)) for a in aanwezig],
        rapportages=[Rapportage(**vars(r)) for r in rapporten],
        besluiten=[
            OverlegBesluit(
                id=to_global_id("Besluit", b.besluit_id),
                kenmerk=b.kenmerk,
                onderwerp=b.onderwerp,
                status=BesluitStatus(b.status),
            )
            for b in besluiten.rows
        ],
    )


async def load_kalender(ctx: Context, regio: str, peildatum: dt.date, as_of: int | None) -> Vergaderkalender:
    async with ctx.db() as conn:
        regels, meetings = await overleg_view.kalender(conn, regio, peildatum, as_of)
    gremia = [
        Cadans(
            gremium=r.gremium,
            naam=r.naam,
            cadans=r.cadans,
            max_dagen=r.max_dagen,
            status=GremiumStatus(r.status),
            laatste_overleg=r.laatste,
            volgend_overleg=r.volgende,
            dagen_sinds=r.dagen_sinds,
            buiten_cadans=r.buiten_cadans,
            overschrijdingen=[Overschrijding(van=a, tot=b, dagen=d) for a, b, d in r.overschrijdingen],
        )
        for r in regels
    ]
    return Vergaderkalender(regio=regio, peildatum=peildatum, gremia=gremia, overleggen=[_overleg(m) for m in meetings])


KALENDER_PEILDATUM = (
    "Lees de kalender zoals die was op deze datum in werkelijkheid (geldige tijd), zoals nu bekend;"
    " met asOf: zoals op dat moment bekend. De cadans wordt op deze datum beoordeeld. Leeg = de laatste stand,"
    " beoordeeld op vandaag."
)


@strawberry.type
class OverlegQuery:
    @strawberry.field(description="De vergaderkalender van een regio, met gremia die hun cadans niet haalden.")
    async def vergaderkalender(
        self,
        info: Info[Context, None],
        regio: Annotated[str, strawberry.argument(description="Code van de regio.")],
        peildatum: Annotated[dt.date | None, strawberry.argument(description=KALENDER_PEILDATUM)] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
    ) -> Vergaderkalender:
        ctx = info.context
        require_governance_reader(ctx.user, "de vergaderkalender")
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_kalender(ctx, regio, peildatum or dt.date.today(), pos)

    @strawberry.field(description="Het agendapakket van een overleg: agendapunten met hun huidige toestand.")
    async def agendapakket(
        self,
        info: Info[Context, None],
        overleg_id: Annotated[strawberry.ID, strawberry.argument(description="Id van het overleg.")],
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Overleg | None:
        ctx = info.context
        require_governance_reader(ctx.user, "agendapakketten")
        pos = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            return await load_agendapakket(ctx, object_uuid(overleg_id, "overlegId", "Overleg"), pos)


@strawberry.input(description="Een overleg plannen.")
class PlanOverlegInput(CommandInput):
    gremium: str = strawberry.field(description="Code van het gremium.")
    datum: dt.date = strawberry.field(description="Datum.")
    locatie: str | None = strawberry.field(default=None, description="Locatie.")


@strawberry.input(description="Een wijziging van een bestaand overleg.")
class OverlegInput(CommandInput):
    overleg_id: strawberry.ID = strawberry.field(description="Id van het overleg.")
    expected_version: int | None = strawberry.field(default=None, description="De versie die de client zag.")


@strawberry.input(description="Een agendapunt toevoegen.")
class AgendeerPuntInput(OverlegInput):
    onderwerp: str = strawberry.field(description="Onderwerp.")
    soort: AgendaSoort = strawberry.field(description="Waar het agendapunt over gaat.")
    ref_id: str | None = strawberry.field(default=None, description="Id van het object (niet bij een onderwerp).")
    terugkerend: bool = strawberry.field(default=False, description="Komt elk overleg terug.")


@strawberry.input(description="Aanwezigheid van een organisatie of rol.")
class AanwezigeInput:
    organisatie: str = strawberry.field(description="Organisatie.")
    rol: str | None = strawberry.field(default=None, description="Rol (geen namen).")
    aanwezig: bool = strawberry.field(default=True, description="Aanwezig (anders afgemeld).")


@strawberry.input(description="De aanwezigheid vastleggen (vervangt een eerdere lijst).")
class LegAanwezigheidVastInput(OverlegInput):
    aanwezigen: list[AanwezigeInput] = strawberry.field(description="Wie er was.")


@strawberry.input(description="Een ontvangen rapportage vastleggen.")
class OntvangRapportageInput(OverlegInput):
    soort: RapportageSoort = strawberry.field(description="Soort rapportage.")
    door: str = strawberry.field(description="Door (rol, bv. programmamanager).")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    document: str | None = strawberry.field(default=None, description="Documentverwijzing.")


@strawberry.input(description="Het overleg is gehouden; notulen (verwijzing) leggen, annuleren.")
class OverlegStapInput(OverlegInput):
    notulen: str | None = strawberry.field(default=None, description="Verwijzing naar de notulen.")
    reden: str | None = strawberry.field(default=None, description="Reden (bij annuleren).")


OverlegResult: TypeAlias = Annotated[Payload[Overleg] | MutationError, strawberry.union("OverlegResult")]


async def _run(ctx: Context, input: CommandInput, build: Callable[[], Command]) -> OverlegResult:
    """Run the command ``build`` makes from the input (inside, so a wrong id is a typed error)."""

    async def payload(saved: Saved) -> Payload[Overleg]:
        overleg = await load_agendapakket(ctx, saved.aggregate_id, None)
        assert overleg is not None
        return Payload.of(overleg, saved)

    return await run_mutation(ctx, input, build, payload)


def _id(value: str) -> UUID:
    return object_uuid(value, "overlegId", "Overleg")


@strawberry.type
class OverlegMutation:
    @strawberry.mutation(description="Plan een overleg (programmabureau of secretaris van het gremium).")
    async def plan_overleg(self, info: Info[Context, None], input: PlanOverlegInput) -> OverlegResult:
        command = PlanOverleg(gremium=input.gremium, datum=input.datum, locatie=input.locatie)
        return await _run(info.context, input, lambda: command)

    @strawberry.mutation(description="Zet een punt op de agenda van een overleg.")
    async def agendeer_punt(self, info: Info[Context, None], input: AgendeerPuntInput) -> OverlegResult:
        return await _run(
            info.context,
            input,
            lambda: AgendeerPunt(
                overleg=_id(input.overleg_id),
                expected_version=input.expected_version,
                onderwerp=input.onderwerp,
                soort=input.soort,
                ref_id=input.ref_id,
                terugkerend=input.terugkerend,
            ),
        )

    @strawberry.mutation(description="Leg de aanwezigheid bij een overleg vast.")
    async def leg_aanwezigheid_vast(self, info: Info[Context, None], input: LegAanwezigheidVastInput) -> OverlegResult:
        aanwezigen = [vars(a) for a in input.aanwezigen]
        return await _run(
            info.context,
            input,
            lambda: LegAanwezigheidVast(
                overleg=_id(input.overleg_id), expected_version=input.expected_version, aanwezigen=aanwezigen
            ),
        )

    @strawberry.mutation(description="Leg een ontvangen rapportage (verantwoording) vast.")
    async def ontvang_rapportage(self, info: Info[Context, None], input: OntvangRapportageInput) -> OverlegResult:
        return await _run(
            info.context,
            input,
            lambda: OntvangRapportage(
                overleg=_id(input.overleg_id),
                expected_version=input.expected_version,
                soort=input.soort,
                door=input.door,
                onderwerp=input.onderwerp,
                document=input.document,
            ),
        )

    @strawberry.mutation(description="Het overleg is gehouden (met optioneel de notulenverwijzing).")
    async def houd_overleg(self, info: Info[Context, None], input: OverlegStapInput) -> OverlegResult:
        return await _run(
            info.context,
            input,
            lambda: HoudOverleg(
                overleg=_id(input.overleg_id), expected_version=input.expected_version, notulen=input.notulen
            ),
        )

    @strawberry.mutation(description="Leg de verwijzing naar de notulen vast.")
    async def leg_notulen_vast(self, info: Info[Context, None], input: OverlegStapInput) -> OverlegResult:
        return await _run(
            info.context,
            input,
            lambda: LegNotulenVast(
                overleg=_id(input.overleg_id), expected_version=input.expected_version, notulen=input.notulen or ""
            ),
        )

    @strawberry.mutation(description="Annuleer een gepland overleg (met reden).")
    async def annuleer_overleg(self, info: Info[Context, None], input: OverlegStapInput) -> OverlegResult:
        return await _run(
            info.context,
            input,
            lambda: AnnuleerOverleg(
                overleg=_id(input.overleg_id), expected_version=input.expected_version, reden=input.reden or ""
            ),
        )


async def _overleg_node(ctx: Context, overleg_id: UUID, as_of: int | None) -> Overleg | None:
    require_governance_reader(ctx.user, "agendapakketten")
    return await load_agendapakket(ctx, overleg_id, as_of)


NODES: dict[str, NodeResolver] = {
    "Overleg": _overleg_node,
}
"""The node types of this module, registered by ``service.graphql.schema.register_all``."""

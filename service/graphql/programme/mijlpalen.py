"""Mutations on mijlpalen and their per-gemeente instances. A reschedule may
rest on a besluit (``besluitId``); a gemeente moves only its own instance."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeAlias
from uuid import UUID

import strawberry
from strawberry.types import Info

from service.commands.base import Saved
from service.commands.programme.mijlpalen import (
    BehaalLokaleMijlpaal,
    BehaalMijlpaal,
    LaatLokaleMijlpaalVervallen,
    LaatMijlpaalVervallen,
    MaakLokaleInstanties,
    PlanMijlpaal,
    VerplaatsLokaleMijlpaal,
    VerplaatsMijlpaal,
    VoegAfhankelijkheidToe,
)
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.plans.links import punt_eigenaar
from service.graphql.programme import types as t
from service.graphql.programme.loaders import load_mijlpaal
from service.graphql.relay import object_uuid
from service.graphql.results import Payload
from service.graphql.vocabulary import EigenaarSoort, MijlpaalSoort, PlanningPrecisie, RedenCategorie

EXPECTED = "De versie die de client zag (van de mijlpaal, of van de lokale instantie als `gemeente` gegeven is)."
GEMEENTE = "Leeg: de mijlpaal zelf; een CBS-code: de instantie van die gemeente."


MijlpaalResult: TypeAlias = Annotated[Payload[t.Mijlpaal] | MutationError, strawberry.union("MijlpaalResult")]


@strawberry.input(description="Een nieuwe mijlpaal.")
class PlanMijlpaalInput(CommandInput):
    titel: str = strawberry.field(description="Titel.")
    soort: MijlpaalSoort = strawberry.field(description="Soort mijlpaal.")
    eigenaar_soort: EigenaarSoort = strawberry.field(description="Programma, project, ontwikkelpunt of deelstap.")
    eigenaar: str = strawberry.field(
        description="Code van programma/project; of id van een ontwikkelpunt, of `<ontwikkelpunt-id>/<deelstap-id>`."
    )
    programma: str | None = strawberry.field(default=None, description="Programma (bij ontwikkelpunt/deelstap).")
    datum: dt.date = strawberry.field(description="Geplande datum (een dag in de periode).")
    precisie: PlanningPrecisie = strawberry.field(default=PlanningPrecisie.DAG, description="Precisie van de datum.")
    omschrijving: str = strawberry.field(default="", description="Omschrijving.")
    start: dt.date | None = strawberry.field(
        default=None,
        description="Voor een activiteit met een periode: de start (een dag in de eerste periode);"
        " `datum` is dan het einde. Leeg = een mijlpaal (een moment).",
    )
    start_precisie: PlanningPrecisie | None = strawberry.field(default=None, description="Precisie van de start.")


@strawberry.input(description="Een mijlpaal (of een lokale instantie) verplaatsen.")
class VerplaatsMijlpaalInput(CommandInput):
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de mijlpaal.")
    gemeente: str | None = strawberry.field(default=None, description=GEMEENTE)
    naar: dt.date = strawberry.field(description="Nieuwe verwachte datum.")
    precisie: PlanningPrecisie = strawberry.field(default=PlanningPrecisie.DAG, description="Precisie van de datum.")
    reden_categorie: RedenCategorie = strawberry.field(description="Categorie van de reden.")
    reden: str = strawberry.field(description="De reden.")
    besluit_id: str | None = strawberry.field(default=None, description="Het besluit van een gremium dat dit besloot.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een mijlpaal (of een lokale instantie) als behaald melden.")
class BehaalMijlpaalInput(CommandInput):
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de mijlpaal.")
    gemeente: str | None = strawberry.field(default=None, description=GEMEENTE)
    datum: dt.date = strawberry.field(description="Wanneer behaald.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een mijlpaal (of een lokale instantie) laten vervallen.")
class LaatMijlpaalVervallenInput(CommandInput):
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de mijlpaal.")
    gemeente: str | None = strawberry.field(default=None, description=GEMEENTE)
    reden: str = strawberry.field(description="Waarom.")
    besluit_id: str | None = strawberry.field(default=None, description="Het besluit waarop dit berust.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een einde-start-afhankelijkheid: de mijlpaal begint na de voorganger.")
class AfhankelijkheidInput(CommandInput):
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de opvolger.")
    voorganger_id: strawberry.ID = strawberry.field(description="Id van de voorganger.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Lokale instanties van een mijlpaal, één per gemeente.")
class LokaleMijlpalenInput(CommandInput):
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de mijlpaal.")
    gemeenten: list[str] = strawberry.field(description="CBS-codes van de gemeenten.")


async def _payload(ctx: Context, mijlpaal_id: str, saved: Saved) -> Payload[t.Mijlpaal]:
    found = await load_mijlpaal(ctx, mijlpaal_uuid(mijlpaal_id), None, dt.date.today())
    assert found is not None
    return Payload.of(found, saved)


@strawberry.type
class MijlpaalMutation:
    @strawberry.mutation(description="Plan een mijlpaal van het programma, een project of een ontwikkelpunt.")
    async def plan_mijlpaal(self, info: Info[Context, None], input: PlanMijlpaalInput) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> PlanMijlpaal:
            return PlanMijlpaal(
                titel=i.titel,
                soort=i.soort,
                eigenaar_soort=i.eigenaar_soort,
                eigenaar=punt_eigenaar(i.eigenaar_soort, i.eigenaar),
                programma=i.programma,
                datum=i.datum,
                precisie=i.precisie,
                omschrijving=i.omschrijving,
                start=i.start,
                start_precisie=i.start_precisie or (i.precisie if i.start else None),
            )

        return await run_mutation(ctx, i, command, lambda saved: _payload(ctx, str(saved.aggregate_id), saved))

    @strawberry.mutation(description="Verplaats een mijlpaal of de eigen lokale instantie; de baseline blijft.")
    async def verplaats_mijlpaal(self, info: Info[Context, None], input: VerplaatsMijlpaalInput) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> VerplaatsMijlpaal | VerplaatsLokaleMijlpaal:
            mid, v = mijlpaal_uuid(i.mijlpaal_id), i.expected_version
            if i.gemeente:
                return VerplaatsLokaleMijlpaal(
                    mijlpaal=mid,
                    gemeente=i.gemeente,
                    expected_version=v,
                    naar=i.naar,
                    precisie=i.precisie,
                    reden_categorie=i.reden_categorie,
                    reden=i.reden,
                )
            return VerplaatsMijlpaal(
                mijlpaal=mid,
                expected_version=v,
                naar=i.naar,
                precisie=i.precisie,
                reden_categorie=i.reden_categorie,
                reden=i.reden,
            )

        return await run_mutation(ctx, i, command, lambda s: _payload(ctx, i.mijlpaal_id, s), besluit_id=i.besluit_id)

    @strawberry.mutation(description="Meld een mijlpaal of de eigen lokale instantie als behaald.")
    async def behaal_mijlpaal(self, info: Info[Context, None], input: BehaalMijlpaalInput) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> BehaalMijlpaal | BehaalLokaleMijlpaal:
            mid, v = mijlpaal_uuid(i.mijlpaal_id), i.expected_version
            if i.gemeente:
                return BehaalLokaleMijlpaal(mijlpaal=mid, gemeente=i.gemeente, datum=i.datum, expected_version=v)
            return BehaalMijlpaal(mijlpaal=mid, datum=i.datum, expected_version=v)

        return await run_mutation(ctx, i, command, lambda s: _payload(ctx, i.mijlpaal_id, s))

    @strawberry.mutation(description="Laat een mijlpaal of de eigen lokale instantie vervallen.")
    async def laat_mijlpaal_vervallen(
        self, info: Info[Context, None], input: LaatMijlpaalVervallenInput
    ) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> LaatMijlpaalVervallen | LaatLokaleMijlpaalVervallen:
            mid, v = mijlpaal_uuid(i.mijlpaal_id), i.expected_version
            if i.gemeente:
                return LaatLokaleMijlpaalVervallen(mijlpaal=mid, gemeente=i.gemeente, reden=i.reden, expected_version=v)
            return LaatMijlpaalVervallen(mijlpaal=mid, reden=i.reden, expected_version=v)

        return await run_mutation(ctx, i, command, lambda s: _payload(ctx, i.mijlpaal_id, s), besluit_id=i.besluit_id)

    @strawberry.mutation(description="Leg een einde-start-afhankelijkheid vast (een schending geeft een waarschuwing).")
    async def voeg_afhankelijkheid_toe(self, info: Info[Context, None], input: AfhankelijkheidInput) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> VoegAfhankelijkheidToe:
            return VoegAfhankelijkheidToe(
                mijlpaal=mijlpaal_uuid(i.mijlpaal_id),
                voorganger=object_uuid(i.voorganger_id, "voorgangerId", "Mijlpaal"),
                expected_version=i.expected_version,
            )

        return await run_mutation(ctx, i, command, lambda s: _payload(ctx, i.mijlpaal_id, s))

    @strawberry.mutation(description="Maak lokale instanties van een mijlpaal, voor gemeenten met een eigen tempo.")
    async def maak_lokale_mijlpalen(self, info: Info[Context, None], input: LokaleMijlpalenInput) -> MijlpaalResult:
        ctx, i = info.context, input

        def command() -> MaakLokaleInstanties:
            return MaakLokaleInstanties(mijlpaal=mijlpaal_uuid(i.mijlpaal_id), gemeenten=list(i.gemeenten))

        return await run_mutation(ctx, i, command, lambda s: _payload(ctx, i.mijlpaal_id, s))


def mijlpaal_uuid(value: str) -> UUID:
    return object_uuid(value, "mijlpaalId", "Mijlpaal")

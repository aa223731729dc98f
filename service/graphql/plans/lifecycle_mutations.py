"""GraphQL mutations that end things in the ontwikkelplannen: closing a plan,
and rewording or letting lapse a regional ontwikkelpunt (programme office
only). Each may rest on a besluit (``besluitId``, which must be genomen)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import strawberry
from strawberry.types import Info

from service.commands.plans.ontwikkelplan import SluitOntwikkelplanAf
from service.commands.plans.regionaal import HerformuleerRegionaalOntwikkelpunt, LaatRegionaalOntwikkelpuntVervallen
from service.graphql.context import Context
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.plans import inputs as i
from service.graphql.plans.mutations import OntwikkelplanResult, RegionaalResult
from service.graphql.plans.mutations import _plan_payload as plan_payload
from service.graphql.plans.point_mutations import _regional_payload as regional_payload
from service.graphql.relay import object_uuid


@strawberry.input(description="Een vastgesteld ontwikkelplan afsluiten; daarna verandert het niet meer.")
class SluitOntwikkelplanAfInput(CommandInput):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    datum: dt.date = strawberry.field(description="Datum van afsluiting (niet in de toekomst).")
    periode: str = strawberry.field(default="2025-2027", description="Periode van het plan.")
    expected_version: int | None = strawberry.field(default=None, description=i.EXPECTED)
    besluit_id: str | None = strawberry.field(default=None, description=i.BESLUIT)


@strawberry.input(description="Een regionaal ontwikkelpunt herformuleren (alleen het programmabureau).")
class HerformuleerRegionaalOntwikkelpuntInput(CommandInput):
    regionaal_ontwikkelpunt: strawberry.ID = strawberry.field(description="Globaal id van het regionale punt.")
    doel: str = strawberry.field(description="Het ontwikkelpunt als doel.")
    beoogd_resultaat: str = strawberry.field(description="Wanneer tevreden?")
    indicatoren: list[str] = strawberry.field(default_factory=list, description="Prestatie-indicatoren.")
    expected_version: int | None = strawberry.field(default=None, description=i.EXPECTED)
    besluit_id: str | None = strawberry.field(default=None, description=i.BESLUIT)


@strawberry.input(description="Een regionaal ontwikkelpunt laten vervallen (alleen het programmabureau).")
class LaatRegionaalOntwikkelpuntVervallenInput(CommandInput):
    regionaal_ontwikkelpunt: strawberry.ID = strawberry.field(description="Globaal id van het regionale punt.")
    expected_version: int | None = strawberry.field(default=None, description=i.EXPECTED)
    besluit_id: str | None = strawberry.field(default=None, description=i.BESLUIT)


@strawberry.type
class PlanLifecycleMutation:
    @strawberry.mutation(description="Sluit een vastgesteld ontwikkelplan af; daarna verandert het niet meer.")
    async def sluit_ontwikkelplan_af(
        self, info: Info[Context, None], input: SluitOntwikkelplanAfInput
    ) -> OntwikkelplanResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            SluitOntwikkelplanAf(
                gemeente=input.gemeente,
                periode=input.periode,
                expected_version=input.expected_version,
                datum=input.datum,
            ),
            plan_payload(ctx, input.gemeente, input.periode),
            besluit_id=input.besluit_id,
        )

    @strawberry.mutation(description="Herformuleer doel, beoogd resultaat en indicatoren van een regionaal punt.")
    async def herformuleer_regionaal_ontwikkelpunt(
        self, info: Info[Context, None], input: HerformuleerRegionaalOntwikkelpuntInput
    ) -> RegionaalResult:
        ctx = info.context

        def command() -> HerformuleerRegionaalOntwikkelpunt:
            return HerformuleerRegionaalOntwikkelpunt(
                punt=regionaal_uuid(input.regionaal_ontwikkelpunt),
                expected_version=input.expected_version,
                doel=input.doel,
                beoogd_resultaat=input.beoogd_resultaat,
                indicatoren=list(input.indicatoren),
            )

        return await run_mutation(ctx, input, command, regional_payload(ctx, None, None), besluit_id=input.besluit_id)

    @strawberry.mutation(description="Laat een regionaal ontwikkelpunt vervallen; de gemeenten melden er niet meer op.")
    async def laat_regionaal_ontwikkelpunt_vervallen(
        self, info: Info[Context, None], input: LaatRegionaalOntwikkelpuntVervallenInput
    ) -> RegionaalResult:
        ctx = info.context

        def command() -> LaatRegionaalOntwikkelpuntVervallen:
            return LaatRegionaalOntwikkelpuntVervallen(
                punt=regionaal_uuid(input.regionaal_ontwikkelpunt), expected_version=input.expected_version
            )

        return await run_mutation(ctx, input, command, regional_payload(ctx, None, None), besluit_id=input.besluit_id)


def regionaal_uuid(value: strawberry.ID) -> UUID:
    return object_uuid(value, "regionaalOntwikkelpunt", "RegionaalOntwikkelpunt")

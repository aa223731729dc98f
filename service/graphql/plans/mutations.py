"""GraphQL mutations of the ontwikkelplannen. Each returns the object as the
view now shows it (read-your-writes), its version and position, or a typed
error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeAlias
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.catalogue import CURRENT_VERSION
from service.commands.base import NotFound, Saved
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan, StelOntwikkelplanVast, WijzigPlanKop
from service.commands.plans.ontwikkelpunt import PuntWijziging, VoegOntwikkelpuntToe
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.mutations import run_mutation
from service.graphql.plans import inputs as i
from service.graphql.plans import types as t
from service.graphql.plans.queries import load_plan, load_point
from service.graphql.relay import object_uuid
from service.graphql.results import Payload

OntwikkelplanResult: TypeAlias = Annotated[
    Payload[t.Ontwikkelplan] | MutationError, strawberry.union("OntwikkelplanResult")
]
OntwikkelpuntResult: TypeAlias = Annotated[
    Payload[t.Ontwikkelpunt] | MutationError, strawberry.union("OntwikkelpuntResult")
]
RegionaalResult: TypeAlias = Annotated[
    Payload[t.RegionaalOntwikkelpunt] | MutationError, strawberry.union("RegionaalOntwikkelpuntResult")
]


def _plan_payload(ctx: Context, gemeente: str, periode: str) -> Callable[[Saved], Awaitable[Payload[t.Ontwikkelplan]]]:
    async def build(saved: Saved) -> Payload[t.Ontwikkelplan]:
        plan = await load_plan(ctx, None, gemeente, periode)
        if plan is None:
            raise NotFound("ontwikkelplan niet gevonden")
        return Payload.of(plan, saved)

    return build


def _point_payload(ctx: Context) -> Callable[[Saved], Awaitable[Payload[t.Ontwikkelpunt]]]:
    async def build(saved: Saved) -> Payload[t.Ontwikkelpunt]:
        punt = await load_point(ctx, None, saved.aggregate_id)
        if punt is None:
            raise NotFound("ontwikkelpunt niet gevonden")
        return Payload.of(punt, saved)

    return build


def punt_uuid(input: i.PuntInput) -> UUID:
    return object_uuid(input.ontwikkelpunt, "ontwikkelpunt", "Ontwikkelpunt")


async def change_point(ctx: Context, input: i.PuntInput, command: PuntWijziging) -> OntwikkelpuntResult:
    """Run a command that changes one column of a point; answer with the point."""
    result: OntwikkelpuntResult = await run_mutation(
        ctx, input, command, _point_payload(ctx), besluit_id=input.besluit_id
    )
    return result


@strawberry.type
class PlanMutation:
    @strawberry.mutation(
        description="Maak het ontwikkelplan van een gemeente (de gemeente zelf of het programmabureau)."
    )
    async def maak_ontwikkelplan(
        self, info: Info[Context, None], input: i.MaakOntwikkelplanInput
    ) -> OntwikkelplanResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            MaakOntwikkelplan(
                regio=input.regio,
                gemeente=input.gemeente,
                periode=input.periode,
                template_versie=input.template_versie or CURRENT_VERSION,
            ),
            _plan_payload(ctx, input.gemeente, input.periode),
        )

    @strawberry.mutation(description="Wijzig de kop van een plan: documenten, verantwoordelijken, lokale aanvullingen.")
    async def wijzig_plan_kop(self, info: Info[Context, None], input: i.WijzigPlanKopInput) -> OntwikkelplanResult:
        ctx = info.context
        docs = None
        if input.documenten is not None:
            docs = [{"niveau": d.niveau.value, "titel": d.titel, "verwijzing": d.verwijzing} for d in input.documenten]
        return await run_mutation(
            ctx,
            input,
            WijzigPlanKop(
                gemeente=input.gemeente,
                periode=input.periode,
                expected_version=input.expected_version,
                documenten=docs,
                portefeuillehouders=input.portefeuillehouders,
                beleidsmedewerkers=input.beleidsmedewerkers,
                lokale_aanvullingen=input.lokale_aanvullingen,
            ),
            _plan_payload(ctx, input.gemeente, input.periode),
        )

    @strawberry.mutation(
        description="Stel een ontwikkelplan vast; daarna zien andere gemeenten het (zonder conceptpunten)."
    )
    async def stel_ontwikkelplan_vast(
        self, info: Info[Context, None], input: i.StelOntwikkelplanVastInput
    ) -> OntwikkelplanResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            StelOntwikkelplanVast(
                gemeente=input.gemeente,
                periode=input.periode,
                expected_version=input.expected_version,
                datum=input.datum,
            ),
            _plan_payload(ctx, input.gemeente, input.periode),
            besluit_id=input.besluit_id,
        )

    @strawberry.mutation(description="Voeg een ontwikkelpunt toe aan het eigen plan, met zoveel kolommen als bekend.")
    async def voeg_ontwikkelpunt_toe(
        self, info: Info[Context, None], input: i.VoegOntwikkelpuntToeInput
    ) -> OntwikkelpuntResult:
        ctx = info.context
        return await run_mutation(
            ctx,
            input,
            VoegOntwikkelpuntToe(
                gemeente=input.gemeente,
                periode=input.periode,
                basisfunctie=input.basisfunctie,
                thema=input.thema,
                doel=input.doel,
                zelfscan_link=input.zelfscan_link,
                kolommen=input.kolommen(),
            ),
            _point_payload(ctx),
        )

"""GraphQL subscriptions (graphql-transport-ws on ``/v1/graphql``): live
notifications of changes, filtered by the subscriber's authorization.

A notification names the object, the kind of change and its position; the
client re-queries with ``minPosition: position`` for the details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from service.graphql.context import Context
from service.graphql.relay import to_global_id
from service.live.broker import Broker, LiveEvent


@strawberry.enum(description="Soorten wijzigingen waarop een client zich kan abonneren.")
class LiveTopic(Enum):
    REGIO_CHANGED = strawberry.enum_value("REGIO_CHANGED", description="Een regio of haar gemeenten veranderden.")
    PLAN_CHANGED = strawberry.enum_value("PLAN_CHANGED", description="Een ontwikkelplan of ontwikkelpunt veranderde.")
    STAND_VAN_ZAKEN_POSTED = strawberry.enum_value(
        "STAND_VAN_ZAKEN_POSTED", description="Bij een ontwikkelpunt is een stand van zaken geplaatst."
    )
    BESLUIT_GENOMEN = strawberry.enum_value("BESLUIT_GENOMEN", description="Een gremium nam een besluit.")
    MILESTONE_MOVED = strawberry.enum_value("MILESTONE_MOVED", description="Een mijlpaal is verplaatst.")


@strawberry.type(description="Een wijziging: welk object, welke soort, en op welke positie in het eventlog.")
class LiveWijziging:
    topic: LiveTopic = strawberry.field(description="De soort wijziging.")
    event_type: str = strawberry.field(
        description="Het event, bijvoorbeeld `Besluit.Genomen`.",
        deprecation_reason="Gebruik `gebeurtenis`; vervalt na 2027-06-30.",
    )
    object_id: strawberry.ID = strawberry.field(
        description="Globaal id van het gewijzigde object: hetzelfde id als het object zelf en `node(id:)`."
    )
    object_uuid: strawberry.ID = strawberry.field(
        description="Het ruwe UUID van het object (aggregate-id).",
        deprecation_reason="Gebruik objectId (het globale id); vervalt na 2027-06-30",
    )
    gemeente: str | None = strawberry.field(description="De gemeente waar de wijziging bij hoort, als die er is.")
    position: int = strawberry.field(description="Positie; vraag details op met `minPosition` = deze waarde.")
    recorded_at: dt.datetime = strawberry.field(
        description="Wanneer de wijziging is vastgelegd (UTC).",
        deprecation_reason="Gebruik `vastgelegdOp`; vervalt na 2027-06-30.",
    )

    @strawberry.field(description="Type gebeurtenis, bijvoorbeeld `Besluit.Genomen` (zoals `AuditRegel.gebeurtenis`).")
    def gebeurtenis(self) -> str:
        return self.event_type

    @strawberry.field(description="Wanneer de wijziging is vastgelegd (UTC).")
    def vastgelegd_op(self) -> dt.datetime:
        return self.recorded_at

    @classmethod
    def of(cls, e: LiveEvent) -> LiveWijziging:
        return cls(
            topic=LiveTopic[e.topic],
            event_type=e.event_type,
            object_id=to_global_id(e.event_type.partition(".")[0], e.object_id),
            object_uuid=strawberry.ID(str(e.object_id)),
            gemeente=e.gemeente,
            position=e.position,
            recorded_at=e.recorded_at,
        )


def broker_of(ctx: Context) -> Broker:
    broker: Broker = ctx.request.app.state.broker
    return broker


@strawberry.type(description="Live-abonnementen (graphql-transport-ws). Alleen wat de gebruiker mag zien.")
class Subscription:
    @strawberry.subscription(
        description="Wijzigingen van de gekozen soorten (leeg = alle), optioneel van één gemeente."
    )
    async def wijzigingen(
        self,
        info: Info[Context, None],
        topics: Annotated[
            list[LiveTopic] | None, strawberry.argument(description="Welke soorten; leeg = alle.")
        ] = None,
        gemeente: Annotated[
            str | None, strawberry.argument(description="Alleen wijzigingen van deze gemeente (GMxxxx).")
        ] = None,
    ) -> AsyncGenerator[LiveWijziging, None]:
        ctx = info.context
        wanted = frozenset(t.name for t in topics or [])
        async with broker_of(ctx).subscribe(ctx.user, wanted, gemeente) as subscriber:
            while True:
                yield LiveWijziging.of(await subscriber.queue.get())

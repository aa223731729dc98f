"""What the governance GraphQL modules share: argument descriptions, the
input with a ``besluitId``, the typed mandate refusal, read scopes and ids."""

from __future__ import annotations

import strawberry

from domain.errors import NotAllowed
from domain.principal import Principal
from service.access.authz import reads_all_governance
from service.graphql.errors import UserError
from service.graphql.mutations import CommandInput

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."
MIN_POSITION = "Wacht (begrensd) tot de views deze positie bereikten."


@strawberry.input(description="Een wijziging die op gezag van een besluit kan gebeuren.")
class BesluitInput(CommandInput):
    besluit_id: str | None = strawberry.field(
        default=None, description="Het besluit op wiens gezag deze wijziging gebeurt (komt in elk event)."
    )


@strawberry.type(description="Het besluit valt buiten het mandaat van dit gremium; `rule` noemt de mandaatregel.")
class MandateRefusedError(UserError):
    rule: str = strawberry.field(
        description="De mandaatregel die het besluit weigert.",
        deprecation_reason="Gebruik `regel`; vervalt na 2027-06-30.",
    )
    escalate_to: str | None = strawberry.field(
        description="Het gremium dat het besluit wel mag nemen (doorleiden), als de regel dat noemt.",
        deprecation_reason="Gebruik `escaleerNaar`; vervalt na 2027-06-30.",
    )

    @strawberry.field(description="De mandaatregel die het besluit weigert.")
    def regel(self) -> str:
        return self.rule

    @strawberry.field(description="Het gremium dat het besluit wel mag nemen (doorleiden), als de regel dat noemt.")
    def escaleer_naar(self) -> str | None:
        return self.escalate_to


def besluit_scope(principal: Principal) -> str | None:
    """``None``: reads every besluit; a gemeentecode: only those that concern it or its regio."""
    if reads_all_governance(principal):
        return None
    if principal.has("gemeente") and principal.gemeente:
        return principal.gemeente
    raise NotAllowed("deze rol mag geen besluiten inzien")

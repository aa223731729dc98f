"""Expected failures as typed results (strawberry's errors-as-data pattern).

Each mutation returns a union of its payload and these error types. Domain and
service errors map to them here, in one place; anything else is unexpected and
stays a masked top-level error with ``extensions.code``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias, cast

import strawberry

from domain.errors import DomainError, InvalidTransition, NotAllowed, ValidationFailed
from service.commands.base import Conflict, IdempotencyKeyReused, NotFound


@strawberry.type(description="Eén probleem met de invoer: welk veld en wat er mis is.")
class FieldProblem:
    field: str = strawberry.field(description="Het veld (pad in de invoer).")
    message: str = strawberry.field(description="Wat er mis is, in gewone taal.")


@strawberry.interface(description="Een verwachte fout: de mutatie is niet uitgevoerd en er is niets veranderd.")
class UserError:
    message: str = strawberry.field(description="Uitleg voor de gebruiker.")
    code: str = strawberry.field(description="Stabiele foutcode voor clients.")


@strawberry.type(description="De invoer is ongeldig; alle problemen staan in `problems`.")
class ValidationError(UserError):
    problems: list[FieldProblem] = strawberry.field(description="Elk probleem met de invoer.")


@strawberry.type(description="Het object bestaat niet of is voor deze gebruiker niet zichtbaar.")
class NotFoundError(UserError):
    pass


@strawberry.type(description="Deze gebruiker mag dit niet; `message` noemt de regel.")
class NotAllowedError(UserError):
    pass


@strawberry.type(description="Iemand anders wijzigde het object eerst; `currentVersion` is de versie nu.")
class ConflictError(UserError):
    current_version: int = strawberry.field(description="De huidige versie van het object.")


@strawberry.type(description="De levenscyclus van het object staat deze stap nu niet toe.")
class InvalidTransitionError(UserError):
    pass


@strawberry.type(description="Deze idempotency-sleutel is al gebruikt voor een ander verzoek.")
class IdempotencyKeyReusedError(UserError):
    pass


@strawberry.type(
    description=(
        "De wijziging is opgeslagen (niet herhalen), maar de views tonen haar nog niet binnen de wachttijd."
        " Lees later terug met `minPosition: position`; `version` is de nieuwe versie van het object."
    )
)
class SavedNotYetVisible:
    message: str = strawberry.field(description="Uitleg voor de gebruiker.")
    code: str = strawberry.field(description="Altijd SAVED_NOT_YET_VISIBLE.")
    id: strawberry.ID = strawberry.field(
        description="Id van het gewijzigde object: een globaal id (`node(id:)`) als het type een Node is."
    )
    version: int = strawberry.field(description="De nieuwe versie van het gewijzigde object.")
    position: int = strawberry.field(description="Positie van de wijziging in het eventlog.")
    views: list[str] = strawberry.field(description="De views die deze positie nog niet bereikten.")

    @classmethod
    def of(cls, object_id: str, version: int, position: int, views: list[str]) -> SavedNotYetVisible:
        return cls(
            message=(
                f"de wijziging is opgeslagen (versie {version}, positie {position}) maar is nog niet zichtbaar;"
                " herhaal haar niet, lees later terug"
            ),
            code="SAVED_NOT_YET_VISIBLE",
            id=strawberry.ID(object_id),
            version=version,
            position=position,
            views=views,
        )


CommonError: TypeAlias = (
    ValidationError
    | NotFoundError
    | NotAllowedError
    | ConflictError
    | InvalidTransitionError
    | IdempotencyKeyReusedError
)
"""The typed errors every mutation can answer with (what :func:`to_user_error` makes)."""

MutationError: TypeAlias = CommonError | SavedNotYetVisible
"""Every member of a result union besides its payload (and an area's own error, e.g. a mandate
refusal): ``Annotated[Payload[X] | MutationError, strawberry.union("XResult")]``."""


def to_user_error(exc: DomainError) -> CommonError:
    if isinstance(exc, ValidationFailed):
        problems = [FieldProblem(field=p.field, message=p.message) for p in exc.problems]
        return ValidationError(message=exc.message, code=exc.code, problems=problems)
    if isinstance(exc, Conflict):
        return ConflictError(message=exc.message, code=exc.code, current_version=exc.current_version)
    if isinstance(exc, NotFound):
        return NotFoundError(message=exc.message, code=exc.code)
    if isinstance(exc, NotAllowed):
        return NotAllowedError(message=exc.message, code=exc.code)
    if isinstance(exc, InvalidTransition):
        return InvalidTransitionError(message=exc.message, code=exc.code)
    if isinstance(exc, IdempotencyKeyReused):
        return IdempotencyKeyReusedError(message=exc.message, code=exc.code)
    extra = ERROR_MAPPERS.get(type(exc))
    if extra is not None:
        # An area error (MandateRefusedError) is raised only by that area's commands, whose result
        # unions list it; typed as a common error so that one error type serves every mutation.
        return cast(CommonError, extra(exc))
    return ValidationError(message=exc.message, code=exc.code, problems=[])


ErrorMapper = Callable[[DomainError], UserError]

ERROR_MAPPERS: dict[type[DomainError], ErrorMapper] = {}
"""An area's own domain errors and their typed errors (the mandate refusal), filled by
:func:`register_errors` while the schema is built."""


def register_errors(mappers: Mapping[type[DomainError], ErrorMapper]) -> None:
    """Map an area's domain errors to its typed errors. Called while the schema is built
    (``service.graphql.schema.register_all``), never at import."""
    ERROR_MAPPERS.update(mappers)

"""The one result shape of every mutation: ``Payload[X]`` or a typed error.

``Payload[X]`` holds the object as the views now show it, its new version and the position of
the change in the event log. strawberry names a specialised generic after its argument, so
``Payload[Ontwikkelplan]`` is the GraphQL type ``OntwikkelplanPayload``; :class:`ResultNames`
names its object field after the same type (``ontwikkelplan``). One class serves every area and
the schema keeps the names portals use. An area declares each result once, as a plain type
alias that mypy and strawberry read alike (no ``TYPE_CHECKING`` copy)::

    OntwikkelplanResult: TypeAlias = Annotated[
        Payload[t.Ontwikkelplan] | MutationError, strawberry.union("OntwikkelplanResult")
    ]

A payload whose object field has another name (``MandaatPayload.matrix``) subclasses the
specialisation and names the field (``strawberry.field(name=...)``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import strawberry
from strawberry.schema.name_converter import HasGraphQLName, NameConverter
from strawberry.types.base import has_object_definition
from strawberry.types.field import StrawberryField

from service.commands.base import Saved

T = TypeVar("T")

NAMED_AFTER_TYPE = "voortgang.named_after_type"
"""Field metadata: the field's GraphQL name is its type's name with a lower-case first letter."""


@strawberry.type(
    description="Resultaat van een wijziging: het object zoals de views het nu tonen, met versie en positie."
)
class Payload(Generic[T]):
    obj: T = strawberry.field(description="Het object zoals de views het nu tonen.", metadata={NAMED_AFTER_TYPE: True})
    version: int = strawberry.field(description="De nieuwe versie van wat is gewijzigd.")
    position: int = strawberry.field(description="Positie in het eventlog van deze wijziging.")

    @classmethod
    def of(cls, obj: T, saved: Saved) -> Payload[T]:
        """The payload of ``obj`` after the change ``saved``."""
        return cls(obj=obj, version=saved.version, position=saved.position)


class ResultNames(NameConverter):
    """strawberry's names, except that a field marked :data:`NAMED_AFTER_TYPE` without an explicit
    name is named after its (specialised) type: ``Payload[RegionaalOntwikkelpunt]`` has the field
    ``regionaalOntwikkelpunt``. ``from_field`` and schema look-ups both go through here."""

    def get_graphql_name(self, obj: HasGraphQLName) -> str:
        if isinstance(obj, StrawberryField) and obj.graphql_name is None and obj.metadata.get(NAMED_AFTER_TYPE):
            type_: Any = obj.type
            if has_object_definition(type_):
                name = self.from_type(type_.__strawberry_definition__)
                return name[0].lower() + name[1:]
        return super().get_graphql_name(obj)

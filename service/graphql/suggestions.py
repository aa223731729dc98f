"""Production answers without "Did you mean …?" hints (issue 12).

With introspection off, graphql-core would still name existing fields, types,
arguments and enum values in its error messages ("Cannot query field 'x' on
type 'Query'. Did you mean 'y'?"), which hands out the schema piece by piece.
graphql-core 3.3 can leave the hints out (``hide_suggestions``) in validation
and in execution (variable coercion); strawberry passes neither, so:

* :class:`HideSuggestions` validates the document itself with
  ``hide_suggestions=True`` (strawberry skips its own validation when an
  extension has already set ``pre_execution_errors``, as ``ValidationCache``
  does);
* :func:`execution_kwargs` is what the schema adds to its ``execute`` and
  ``subscribe`` calls (``service.graphql.schema.VoortgangSchema``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule


class HideSuggestions(SchemaExtension):
    """Validate with graphql-core's ``hide_suggestions=True``: same rules as
    strawberry's own validation, messages without suggestions."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            rules = (*context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule)
            context.pre_execution_errors = validate(
                context.schema._schema, context.graphql_document, rules, hide_suggestions=True
            )
        yield


def execution_kwargs(hide: bool) -> dict[str, Any]:
    """Keyword arguments for graphql-core's ``execute``/``subscribe``."""
    return {"hide_suggestions": True} if hide else {}

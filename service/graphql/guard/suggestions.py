"""Production answers without "Did you mean …?" hints (issue 12).

With introspection off, graphql-core would still name existing fields, types,
arguments and enum values in its error messages ("Cannot query field 'x' on
type 'Query'. Did you mean 'y'?"), which hands out the schema piece by piece.
graphql-core 3.3 can leave the hints out (``hide_suggestions``) in validation
and in execution (variable coercion); strawberry passes neither, so:

* validation: :func:`service.graphql.guard.limits.validate_untrusted`, the one
  validation of every new document, passes ``hide_suggestions`` when the
  schema's ``hide_suggestions`` is set (``VoortgangSchema``, production);
* execution: :func:`execution_kwargs` is what the schema adds to its
  ``execute`` and ``subscribe`` calls (``service.graphql.schema.VoortgangSchema``).
"""

from __future__ import annotations

from typing import Any


def execution_kwargs(hide: bool) -> dict[str, Any]:
    """Keyword arguments for graphql-core's ``execute``/``subscribe``."""
    return {"hide_suggestions": True} if hide else {}

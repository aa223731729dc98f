"""Every top-level GraphQL error carries ``extensions.code``; unexpected errors
are masked for the client and logged (with the request id and stack trace).

Codes: ``GRAPHQL_PARSE_FAILED``, ``GRAPHQL_VALIDATION_FAILED``, ``BAD_USER_INPUT``
(variables that do not fit their type, bad ids), the limit codes of
``limits.py`` (``TOO_MANY_TOKENS``, ``QUERY_TOO_DEEP``, ...), the ``code`` of a
domain error raised in a query (``NOT_ALLOWED``, ``NOT_FOUND``, ``PAGE_SIZE_EXCEEDED``,
...), and ``INTERNAL_ERROR`` for everything else. Runs once per operation, never
per field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext
from strawberry.types.execution import ExecutionResult as StrawberryExecutionResult

from domain.errors import DomainError

log = logging.getLogger("voortgang.graphql")

MASKED_MESSAGE = "Interne fout; zie de logs met het request-id."

_BY_MESSAGE: tuple[tuple[str, str], ...] = (
    ("Syntax Error: Document contains more than", "TOO_MANY_TOKENS"),
    ("Syntax Error: Source contains more than", "TOO_MANY_TOKENS"),
    ("Syntax Error: Document is nested too deeply", "QUERY_TOO_DEEP"),
    ("Syntax Error", "GRAPHQL_PARSE_FAILED"),
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("introspection has been disabled", "INTROSPECTION_DISABLED"),
    ("Variable '$", "BAD_USER_INPUT"),
)

ErrorObserver = Callable[[str], None]
"""Called with the code of every error (metrics)."""

observers: list[ErrorObserver] = []


def is_unexpected(error: GraphQLError) -> bool:
    """An error from our own code that is not a typed refusal."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | DomainError)


def code_of(error: GraphQLError) -> str:
    given = (error.extensions or {}).get("code")
    if isinstance(given, str):
        return given
    original = error.original_error
    if isinstance(original, DomainError):
        return original.code
    if isinstance(original, GraphQLError):
        inner = (original.extensions or {}).get("code")
        if isinstance(inner, str):
            return inner
    elif original is not None:
        return "INTERNAL_ERROR"
    for fragment, code in _BY_MESSAGE:
        if fragment in error.message:
            return code
    return "GRAPHQL_VALIDATION_FAILED"


def coded(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it: masked if unexpected, always with a code."""
    code = code_of(error)
    for observe in observers:
        observe(code)
    message = MASKED_MESSAGE if code == "INTERNAL_ERROR" else error.message
    extensions = {**(error.extensions or {}), "code": code}
    if code == "INTERNAL_ERROR":
        extensions = {"code": code}
    return GraphQLError(message, error.nodes, error.source, error.positions, error.path, None, extensions)


def log_errors(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log unexpected errors with their stack trace; client errors at debug."""
    context: Any = execution_context.context if execution_context else None
    request_id = getattr(context, "request_id", "")
    for error in errors:
        if is_unexpected(error):
            original = error.original_error
            log.error(
                "graphql.unexpected_error",
                exc_info=(type(original), original, original.__traceback__) if original else None,
                extra={"request_id": request_id, "path": error.path, "error": repr(original)},
            )
        else:
            log.debug("graphql.client_error", extra={"request_id": request_id, "error": error.message})


class ErrorCodes(SchemaExtension):
    """Replaces each error in the result with its coded (and maybe masked) form."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | StrawberryExecutionResult) and result.errors:
            result.errors = [coded(e) for e in result.errors]

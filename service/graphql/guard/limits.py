"""Hard limits on a GraphQL document, enforced before any resolver runs (so a
refused query never reaches the database), each in time linear in the document.
Each refusal is a GraphQL error with a stable ``extensions.code``:

* ``TOO_MANY_TOKENS`` — more than :data:`MAX_SOURCE_LENGTH` characters, or the
  parser stops after :data:`MAX_TOKENS` tokens (or :data:`MAX_COMMENTS` comments);
* ``QUERY_TOO_DEEP`` — fields nested more than :data:`MAX_DEPTH` levels (or text
  nested beyond what the parser can read);
* ``TOO_MANY_ALIASES`` — more than :data:`MAX_ALIASES` aliased fields;
* ``TOO_MANY_SELECTIONS`` — more than :data:`MAX_SELECTIONS` selections once every
  fragment is expanded, or more than :data:`MAX_MERGE_PAIRS` pairs of same-named
  fields on one response path (the work of graphql-core's overlapping-fields rule);
* ``PAGE_SIZE_EXCEEDED`` — a ``first`` above ``MAX_PAGE_SIZE`` anywhere in the operation;
* ``QUERY_TOO_COSTLY`` — the static cost exceeds :data:`MAX_COST`;
* ``BAD_USER_INPUT`` — a control character or lone surrogate in a string
  argument or variable (``text_guard.py``), or a code argument that does not
  match its pattern (``code_args.py``).

:func:`validate_untrusted` is the whole validation of a new document: these
checks first (``shape.py``, linear, every fragment measured once), then
graphql-core's rules only on a document that passed them, so their work is
bounded too. A document longer than :data:`INLINE_CHARS` is parsed and validated
in one dedicated worker thread (one, so that a flood of large documents queues
there instead of starving the event loop of the GIL), so it never stalls
other requests; shorter ones take a few milliseconds inline.

Static cost: every selected field costs 1 times the product of the list sizes
above it. A connection field multiplies by its ``first`` (or the default page
size); its ``edges``/``nodes`` do not multiply again; any other list multiplies
by :data:`LIST_MULTIPLIER`. Each fragment's cost is computed once per operation.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, validate
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from service.graphql.code_args import code_refusal
from service.graphql.guard import shape
from service.graphql.guard.cost import LIST_MULTIPLIER, LimitExceeded, operation_cost
from service.graphql.guard.text_guard import TextLiteralRule, variables_refusal

MAX_TOKENS = 3_000
MAX_COMMENTS = 200
MAX_SOURCE_LENGTH = 100_000
MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_SELECTIONS = 2_000
MAX_MERGE_PAIRS = 2_000
MAX_COST = 50_000
INLINE_CHARS = 2_000

__all__ = ["LIST_MULTIPLIER", "LimitExceeded", "validate_untrusted"]


_TOKEN = re.compile(
    r'"""(?:\\"""|[^"]|"(?!""))*"""|"(?:\\.|[^"\\\n\r])*"|(#[^\n\r]*)|\.\.\.|[!$&()\[\]{}:=@|]'
    r"|[_A-Za-z][_0-9A-Za-z]*|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
)


def lexical_tokens_at_least(query: str) -> int:
    """A lower bound of graphql-core's lexical token count (comments not
    counted), by one regular-expression pass: some 50 times faster than the
    parser, so a document over the limit is refused before parsing."""
    return sum(1 for match in _TOKEN.finditer(query) if match.group(1) is None)


def too_long(query: str) -> LimitExceeded | None:
    if len(query) > MAX_SOURCE_LENGTH:
        return LimitExceeded(f"het document is langer dan {MAX_SOURCE_LENGTH} tekens", "TOO_MANY_TOKENS")
    if len(query) > INLINE_CHARS and lexical_tokens_at_least(query) > MAX_TOKENS:
        return LimitExceeded(f"het document bevat meer dan {MAX_TOKENS} tokens", "TOO_MANY_TOKENS")
    return None


def parse_untrusted(query: str) -> DocumentNode:
    """Parse with every parser limit; raises a :class:`GraphQLError`."""
    refusal = too_long(query)
    if refusal is not None:
        raise refusal
    return parse(query, max_lexical_tokens=MAX_TOKENS, max_comments=MAX_COMMENTS, max_source_length=MAX_SOURCE_LENGTH)


def check_shape(document: DocumentNode) -> GraphQLError | None:
    """Depth, aliases, expanded size and merge work; linear in the document."""
    try:
        known = shape.fragment_figures(document, MAX_SELECTIONS + 1)
    except shape.FragmentCycle as cycle:
        return GraphQLError(f"Cannot spread fragment '{cycle.name}' within itself.")
    aliases = shape.count_aliases(document)
    if aliases > MAX_ALIASES:
        return LimitExceeded(f"het document bevat meer dan {MAX_ALIASES} aliassen", "TOO_MANY_ALIASES")
    for operation in shape.operations_of(document):
        figures = shape.measure(operation.selection_set, known, MAX_SELECTIONS + 1)
        if figures.depth > MAX_DEPTH:
            name = operation.name.value if operation.name else "anonymous"
            return LimitExceeded(
                f"'{name}' is dieper dan {MAX_DEPTH} niveaus (exceeds maximum operation depth of {MAX_DEPTH})",
                "QUERY_TOO_DEEP",
                [operation],
            )
        if figures.nodes > MAX_SELECTIONS:
            return LimitExceeded(
                f"het document bevat, met alle fragmenten uitgeschreven, meer dan {MAX_SELECTIONS} selecties",
                "TOO_MANY_SELECTIONS",
                [operation],
            )
    if shape.merge_pairs(document, MAX_MERGE_PAIRS) > MAX_MERGE_PAIRS:
        return LimitExceeded("het document vraagt te vaak hetzelfde veld op hetzelfde pad", "TOO_MANY_SELECTIONS", None)
    return None


def validate_untrusted(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: Sequence[type[ASTValidationRule]],
    hide_suggestions: bool = False,
) -> list[GraphQLError]:
    """Every validation of a new document: the linear shape checks, then
    graphql-core's (and strawberry's) rules, with "Did you mean …?" hints left
    out when ``hide_suggestions`` (production, ``suggestions.py``). Call once
    per distinct document."""
    refusal = check_shape(document)
    if refusal is not None:
        return [refusal]
    every_rule = (*rules, MaybeNullValidationRule, OneOfInputValidationRule, TextLiteralRule)
    try:
        return validate(schema, document, every_rule, hide_suggestions=hide_suggestions)
    except RecursionError:
        return [LimitExceeded("het document is te diep genest", "QUERY_TOO_DEEP")]


def prepare(
    schema: GraphQLSchema, query: str, rules: Sequence[type[ASTValidationRule]], hide_suggestions: bool
) -> tuple[DocumentNode | None, list[GraphQLError] | None]:
    """Parse and validate (worker thread); a parse failure leaves both unset,
    so strawberry parses again inline (bounded) and reports it as usual."""
    try:
        document = parse_untrusted(query)
    except GraphQLError:
        return None, None
    return document, validate_untrusted(schema, document, rules, hide_suggestions)


def hides_suggestions(schema: object) -> bool:
    """Production schemas leave "Did you mean …?" out (``VoortgangSchema.hide_suggestions``)."""
    return bool(getattr(schema, "hide_suggestions", False))


_STAND_IN = parse("{ __typename }")


def stand_in() -> DocumentNode:
    """The document strawberry is given when a query is refused before parsing."""
    return _STAND_IN


_worker: list[ThreadPoolExecutor] = []
_worker_lock = threading.Lock()


def untrusted_worker() -> ThreadPoolExecutor:
    """The one thread that parses and validates large documents (made on first use)."""
    with _worker_lock:
        if not _worker:
            _worker.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphql-validate"))
        return _worker[0]


class Limits(SchemaExtension):
    """Parse limits, linear validation (off the event loop for large
    documents), page-size and cost limits at execution."""

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        options: dict[str, Any] = ctx.parse_options  # type: ignore[assignment]
        options.update(max_lexical_tokens=MAX_TOKENS, max_comments=MAX_COMMENTS, max_source_length=MAX_SOURCE_LENGTH)
        yield

    async def on_parse(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        query = ctx.query
        refusal = too_long(query) if query and ctx.graphql_document is None else None
        if refusal is not None:
            # Refused before parsing: strawberry reports the error of a stand-in document.
            ctx.graphql_document = stand_in()
            ctx.pre_execution_errors = [refusal]
        elif ctx.graphql_document is None and query and len(query) > INLINE_CHARS:
            schema = ctx.schema._schema
            loop = asyncio.get_running_loop()
            hide = hides_suggestions(ctx.schema)
            prepared = loop.run_in_executor(untrusted_worker(), prepare, schema, query, ctx.validation_rules, hide)
            document, errors = await prepared
            if document is not None:
                ctx.graphql_document = document
                ctx.pre_execution_errors = errors
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.graphql_document is not None:
            schema = ctx.schema._schema
            hide = hides_suggestions(ctx.schema)
            ctx.pre_execution_errors = validate_untrusted(schema, ctx.graphql_document, ctx.validation_rules, hide)
        yield

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None and ctx.result is None:
            refusal = self._refusal(document, ctx.operation_name, ctx.variables or {})
            if refusal is not None:
                ctx.result = GraphQLExecutionResult(data=None, errors=[refusal])
        yield

    def _refusal(
        self, document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any]
    ) -> GraphQLError | None:
        """Text, codes, page sizes and cost of the chosen operation, with its variables."""
        operations = shape.operations_of(document)
        chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
        if not chosen:
            return None
        schema = self.execution_context.schema._schema
        refusal = variables_refusal(variables) or code_refusal(schema, chosen[0], document, variables)
        if refusal is not None:
            return refusal
        try:
            cost = operation_cost(schema, chosen[0], document, variables, MAX_COST)
        except LimitExceeded as exc:
            return exc
        if cost > MAX_COST:
            return LimitExceeded(
                f"de query is te zwaar (kosten meer dan {MAX_COST}); vraag kleinere pagina's",
                "QUERY_TOO_COSTLY",
                [chosen[0]],
            )
        return None

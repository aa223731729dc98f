"""Compile a query document, once, into one SQL statement (when every root
field is covered): today ``ontwikkelplan(gemeente:, periode:, asOf:,
minPosition:)`` with any selection of the plan's fields except
``Ontwikkelpunt.besluiten`` and ``ontwikkelpuntenConnection``
(``ontwikkelpunten(filter:)`` included, its values parameters), and
``__typename``. Two statements per document, each composed once: now, and as
of a position (the parameter ``as_of``). Anything else, or any
failure while running, leaves the request to graphql-core."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)
from graphql.execution.values import get_argument_values, get_variable_values
from psycopg import sql

from domain.principal import PROGRAMME_READERS
from projections import temporal
from service.graphql.context import Context
from service.graphql.plans.links import _peildatum
from service.graphql.plans.types import FilterRefused, OntwikkelpuntFilter, punt_filter
from service.readpath.plan_query import PlanQuery
from service.readpath.selection import Field, NotCovered, collect, expand

PLAN_ARGUMENTS = frozenset({"gemeente", "periode", "asOf", "minPosition"})
NO_FILTERS = dict.fromkeys(("programma", "project", "gemeente", "van", "tot", "statussen", "eigenaars", "mijlpaal"))


@dataclass
class CompiledOperation:
    operation: OperationDefinitionNode
    roots: list[Field]
    definitions: dict[str, Any]
    uses_mijlpalen: bool
    filters: list[tuple[str, Field]] = field(default_factory=list)
    """Each ``ontwikkelpunten(filter:)``: the prefix of its parameters and its field."""
    _now: bytes | None = None
    _as_of: bytes | None = None

    def statement(self, as_of: int | None) -> bytes:
        """The statement for the current views, or for every position (the
        position is the parameter ``as_of``): each composed once per document."""
        cached = self._now if as_of is None else self._as_of
        if cached is not None:
            return cached
        columns: list[sql.Composable] = []
        self.filters = []
        plans = [r for r in self.roots if r.name != "__typename"]
        for i, root in enumerate(plans):
            builder = PlanQuery(None if as_of is None else temporal.AS_OF, str(i))
            columns.append(sql.SQL("{}::text").format(builder.statement(root)))
            self.uses_mijlpalen = self.uses_mijlpalen or builder.uses_mijlpalen
            self.filters += builder.filters
        # no connection: the only literals are the document's keys and type names, in UTF-8 like the pool's
        statement = sql.SQL("SELECT {}").format(sql.SQL(", ").join(columns)).as_bytes(None)
        if as_of is None:
            self._now = statement
        else:
            self._as_of = statement
        return statement

    def filter_params(self, coerced: Any) -> dict[str, Any] | None:
        """The parameters of the filters (graphql-core's coercion, the API's own
        checks); None when a filter is refused (graphql-core gives the typed error)."""
        params: dict[str, Any] = {}
        definition = self.definitions["ontwikkelpunten"]
        for prefix, f in self.filters:
            try:
                given = get_argument_values(definition, f.node, coerced).get("filter")
                only = punt_filter(None if given is None else OntwikkelpuntFilter(**given))
            except (GraphQLError, FilterRefused):
                return None
            params.update(only.params(prefix))
        return params

    def arguments(
        self, schema: GraphQLSchema, variables: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
        """graphql-core's own coercion of the variables and arguments: those of
        each plan and the filters' parameters; None on any error."""
        coerced = get_variable_values(schema, self.operation.variable_definitions or (), variables or {})
        if isinstance(coerced, list):
            return None
        try:
            plans = [
                get_argument_values(self.definitions["ontwikkelplan"], r.node, coerced)
                for r in self.roots
                if r.name != "__typename"
            ]
        except GraphQLError:
            return None
        filters = self.filter_params(coerced)
        return None if filters is None else (plans, filters)


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    named = [o for o in operations if o.name and o.name.value == operation_name]
    return named[0] if len(named) == 1 else None


def compile_operation(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> CompiledOperation | None:
    operation = _operation(document, operation_name)
    query = schema.query_type
    plan_type = schema.get_type("Ontwikkelplan")
    if operation is None or operation.operation is not OperationType.QUERY or query is None:
        return None
    if operation.directives or not isinstance(plan_type, GraphQLObjectType):
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    try:
        roots = collect([operation.selection_set], query, fragments)
        for root in roots:
            if root.name == "__typename":
                continue
            if root.name != "ontwikkelplan" or not set(root.arguments) <= PLAN_ARGUMENTS:
                raise NotCovered(root.name)
            expand(root, plan_type, fragments)
        definitions = {
            "ontwikkelplan": query.fields["ontwikkelplan"],
            "ontwikkelpunten": plan_type.fields["ontwikkelpunten"],
        }
        compiled = CompiledOperation(operation, roots, definitions, False)
        compiled.statement(None)
    except NotCovered:
        return None
    return compiled if any(r.name != "__typename" for r in roots) else None


@dataclass
class CompiledCache:
    """Compiled operations (or "not covered") by query text and operation name."""

    max_entries: int = 512
    answered: int = 0
    """Requests answered by a compiled statement (the rest of the covered ones fell back)."""
    fell_back: int = 0
    _entries: OrderedDict[tuple[str, str | None], CompiledOperation | None] = field(default_factory=OrderedDict)

    def get(
        self, schema: GraphQLSchema, query: str, document: DocumentNode, operation_name: str | None
    ) -> CompiledOperation | None:
        key = (query, operation_name)
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        compiled = compile_operation(schema, document, operation_name)
        self._entries[key] = compiled
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return compiled


async def run(
    compiled: CompiledOperation, schema: GraphQLSchema, ctx: Context, variables: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The answer's ``data`` (the plans as pre-serialised JSON), or None to fall back."""
    coerced = compiled.arguments(schema, variables)
    principal = ctx.principal
    if coerced is None or principal is None:
        return None
    arguments, filters = coerced
    positions = {await ctx.as_of(a.get("asOf"), a.get("minPosition")) for a in arguments}
    if len(positions) != 1:
        return None
    as_of = positions.pop()
    statement, mijlpalen = compiled.statement(as_of), compiled.uses_mijlpalen
    if mijlpalen and not principal.has(*PROGRAMME_READERS):
        return None  # graphql-core gives the typed refusal per field
    params: dict[str, Any] = {
        **NO_FILTERS,
        **filters,
        "as_of": as_of,
        "stale_weeks": ctx.runtime.settings.stale_after_weeks,
        "peildatum": (await _peildatum(ctx, as_of)) if mijlpalen else dt.date.today(),
    }
    for i, a in enumerate(arguments):
        params[f"g{i}"] = a["gemeente"] or None
        params[f"per{i}"] = a["periode"] or None
    async with ctx.db() as conn:
        cur = await conn.execute(statement, params)
        row = await cur.fetchone()
    if row is None:
        return None
    values = iter(row)
    data: dict[str, Any] = {}
    for root in compiled.roots:
        if root.name == "__typename":
            data[root.key] = "Query"
            continue
        text = next(values)
        data[root.key] = None if text is None else orjson.Fragment(text)
    return data

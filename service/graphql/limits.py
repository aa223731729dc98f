"""Hard limits on a GraphQL document, enforced before any resolver runs (so a
refused query never reaches the database). Each refusal is a GraphQL error
with a stable ``extensions.code``:

* ``TOO_MANY_TOKENS`` — the parser stops after :data:`MAX_TOKENS` tokens (or
  :data:`MAX_COMMENTS` comments, or :data:`MAX_SOURCE_LENGTH` characters);
* ``QUERY_TOO_DEEP`` — strawberry's ``QueryDepthLimiter`` (code set in ``error_codes.py``);
* ``TOO_MANY_ALIASES`` — more than :data:`MAX_ALIASES` aliased fields;
* ``PAGE_SIZE_EXCEEDED`` — a ``first`` above ``MAX_PAGE_SIZE`` anywhere in the operation;
* ``QUERY_TOO_COSTLY`` — the static cost exceeds :data:`MAX_COST`.

Static cost: every selected field costs 1 times the product of the list sizes
above it. A connection field multiplies by its ``first`` (or the default page
size); its ``edges``/``nodes`` do not multiply again; any other list multiplies
by :data:`LIST_MULTIPLIER`. Computed once per operation, not per resolved field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from strawberry.extensions import SchemaExtension

from projections.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_TOKENS = 3_000
MAX_COMMENTS = 200
MAX_SOURCE_LENGTH = 100_000
MAX_ALIASES = 30
MAX_COST = 50_000
LIST_MULTIPLIER = 10


class LimitExceeded(GraphQLError):
    def __init__(self, message: str, code: str, nodes: Any = None) -> None:
        super().__init__(message, nodes, extensions={"code": code})


class AliasLimitRule(ValidationRule):
    """At most :data:`MAX_ALIASES` aliased fields in a document."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.aliases = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.alias is None:
            return
        self.aliases += 1
        if self.aliases == MAX_ALIASES + 1:
            self.report_error(
                LimitExceeded(f"het document bevat meer dan {MAX_ALIASES} aliassen", "TOO_MANY_ALIASES", [node])
            )


class CostWalker:
    """The static cost of an operation; refuses page sizes above the maximum."""

    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def cost(self, selections: SelectionSetNode, parent: GraphQLNamedType, multiplier: int) -> int:
        total = 0
        for sel in selections.selections:
            if isinstance(sel, FieldNode):
                total += self._field(sel, parent, multiplier)
            elif isinstance(sel, InlineFragmentNode):
                target = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.cost(sel.selection_set, target or parent, multiplier)
            elif isinstance(sel, FragmentSpreadNode):
                fragment = self.fragments.get(sel.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, target or parent, multiplier)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType, multiplier: int) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        if node.selection_set is None:
            return multiplier
        child = multiplier * self._factor(node, definition, parent)
        return multiplier + self.cost(node.selection_set, get_named_type(definition.type), child)

    def _factor(self, node: FieldNode, definition: GraphQLField, parent: GraphQLNamedType) -> int:
        first = self._first(node)
        if get_named_type(definition.type).name.endswith("Connection"):
            return DEFAULT_PAGE_SIZE if first is None else first
        if is_list_type(get_nullable_type(definition.type)):
            return 1 if parent.name.endswith("Connection") else (first or LIST_MULTIPLIER)
        return 1

    def _first(self, node: FieldNode) -> int | None:
        for arg in node.arguments or ():
            if arg.name.value != "first":
                continue
            value: Any = None
            if isinstance(arg.value, IntValueNode):
                value = int(arg.value.value)
            elif isinstance(arg.value, VariableNode):
                value = self.variables.get(arg.value.name.value)
            if isinstance(value, int):
                if value > MAX_PAGE_SIZE:
                    raise LimitExceeded(f"`first` is hoogstens {MAX_PAGE_SIZE}", "PAGE_SIZE_EXCEEDED", [node])
                return max(value, 0)
        return None


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return CostWalker(schema, fragments, variables).cost(operation.selection_set, root, 1)


class Limits(SchemaExtension):
    """Token, alias, page-size and cost limits (depth: ``QueryDepthLimiter``)."""

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        options: dict[str, Any] = ctx.parse_options  # type: ignore[assignment]
        options.update(max_lexical_tokens=MAX_TOKENS, max_comments=MAX_COMMENTS, max_source_length=MAX_SOURCE_LENGTH)
        ctx.validation_rules = (*ctx.validation_rules, AliasLimitRule)
        yield

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None and ctx.result is None:
            refusal = self._refusal(document.definitions, ctx.operation_name, ctx.variables or {})
            if refusal is not None:
                ctx.result = GraphQLExecutionResult(data=None, errors=[refusal])
        yield

    def _refusal(
        self, definitions: Any, operation_name: str | None, variables: Mapping[str, Any]
    ) -> GraphQLError | None:
        fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
        operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
        if not chosen:
            return None
        try:
            cost = operation_cost(self.execution_context.schema._schema, chosen[0], fragments, variables)
        except LimitExceeded as exc:
            return exc
        if cost > MAX_COST:
            return LimitExceeded(
                f"de query is te zwaar (kosten {cost}, hoogstens {MAX_COST}); vraag kleinere pagina's",
                "QUERY_TOO_COSTLY",
                [chosen[0]],
            )
        return None

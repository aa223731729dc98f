"""The static cost of an operation, linear in the document: each fragment's
unit cost is computed once (fragments in dependency order, so a spread only
looks it up) and every sum saturates just above the cap. Refuses a ``first``
above ``MAX_PAGE_SIZE``. The rule itself is described in ``limits.py``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
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
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from projections.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from service.graphql.guard import shape

LIST_MULTIPLIER = 10


class LimitExceeded(GraphQLError):
    def __init__(self, message: str, code: str, nodes: Any = None) -> None:
        super().__init__(message, nodes, extensions={"code": code})


class CostWalker:
    """Unit costs (multiplier 1) of selection sets; ``cost(s, m) == m * cost(s, 1)``."""

    def __init__(self, schema: GraphQLSchema, variables: Mapping[str, Any], cap: int) -> None:
        self.schema = schema
        self.variables = variables
        self.cap = cap
        self.fragments: dict[str, int] = {}

    def cost(self, selections: SelectionSetNode, parent: GraphQLNamedType, multiplier: int) -> int:
        total = 0
        for sel in selections.selections:
            if isinstance(sel, FieldNode):
                total += self._field(sel, parent, multiplier)
            elif isinstance(sel, InlineFragmentNode):
                target = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.cost(sel.selection_set, target or parent, multiplier)
            elif isinstance(sel, FragmentSpreadNode):
                total += multiplier * self.fragments.get(sel.name.value, 0)
            if total > self.cap:
                return self.cap
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
        return multiplier + self.cost(node.selection_set, get_named_type(definition.type), min(child, self.cap))

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
            if isinstance(value, int) and not isinstance(value, bool):
                if value > MAX_PAGE_SIZE:
                    raise LimitExceeded(f"`first` is hoogstens {MAX_PAGE_SIZE}", "PAGE_SIZE_EXCEEDED", [node])
                return max(value, 0)
        return None


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    document: DocumentNode,
    variables: Mapping[str, Any],
    cap: int,
) -> int:
    """The cost, or ``cap + 1`` once it passes the cap. A document with a
    fragment cycle never gets here (validation refuses it)."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    walker = CostWalker(schema, variables, cap + 1)
    fragments = shape.fragments_of(document)
    for name in shape.dependency_order(fragments):
        fragment = fragments[name]
        target = schema.get_type(fragment.type_condition.name.value)
        walker.fragments[name] = walker.cost(fragment.selection_set, target or root, 1) if target else 0
    return walker.cost(operation.selection_set, root, 1)

"""The selection of an operation as a tree of fields, as GraphQL's
CollectFields sees it: fields merged by response key in order of first
appearance, fragments (named and inline) flattened where their type condition
applies. Whatever this module does not understand (directives, fragments on
other types) raises :class:`NotCovered`, and the request takes graphql-core's
path instead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionSetNode,
    ValueNode,
)


class NotCovered(Exception):
    """The compiler does not cover this document (graphql-core answers it)."""


@dataclass
class Field:
    key: str
    """The response key: the alias, or the field name."""
    name: str
    node: FieldNode
    """The first node of the field (its arguments; validation made the others agree)."""
    arguments: dict[str, ValueNode]
    children: list[Field] | None = None
    _selections: list[SelectionSetNode] = field(default_factory=list)

    def child(self, name: str) -> Field | None:
        for c in self.children or ():
            if c.name == name:
                return c
        return None


def _applies(condition: str | None, parent: GraphQLObjectType) -> bool:
    return condition is None or condition == parent.name or condition in {i.name for i in parent.interfaces}


def collect(
    selection_sets: list[SelectionSetNode],
    parent: GraphQLObjectType,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> list[Field]:
    """The fields selected on an object of type ``parent`` (sub-selections not yet collected)."""
    fields: dict[str, Field] = {}
    for selection_set in selection_sets:
        for sel in selection_set.selections:
            if sel.directives:
                raise NotCovered("directives")
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                existing = fields.get(key)
                if existing is None:
                    args = {a.name.value: a.value for a in sel.arguments or ()}
                    existing = fields[key] = Field(key, sel.name.value, sel, args)
                if sel.selection_set is not None:
                    existing._selections.append(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                condition = sel.type_condition.name.value if sel.type_condition else None
                if not _applies(condition, parent):
                    raise NotCovered("fragment on another type")
                _merge(fields, collect([sel.selection_set], parent, fragments, seen))
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen or fragment.directives:
                    raise NotCovered("fragment")
                if not _applies(fragment.type_condition.name.value, parent):
                    raise NotCovered("fragment on another type")
                _merge(fields, collect([fragment.selection_set], parent, fragments, seen | {name}))
    return list(fields.values())


def _merge(into: dict[str, Field], more: list[Field]) -> None:
    for f in more:
        existing = into.get(f.key)
        if existing is None:
            into[f.key] = f
        else:
            existing._selections.extend(f._selections)


def expand(
    f: Field, parent: GraphQLObjectType, fragments: Mapping[str, FragmentDefinitionNode], depth: int = 0
) -> None:
    """Collect the sub-selections of ``f`` (of type ``parent``) recursively."""
    if depth > 20:
        raise NotCovered("too deep")
    f.children = collect(f._selections, parent, fragments)
    schema_fields = parent.fields
    for c in f.children:
        definition = schema_fields.get(c.name)
        if c._selections:
            if definition is None:
                raise NotCovered(c.name)
            target = definition.type
            while hasattr(target, "of_type"):
                target = target.of_type
            if not isinstance(target, GraphQLObjectType):
                raise NotCovered("abstract type")
            expand(c, target, fragments, depth + 1)

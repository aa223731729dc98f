"""Documents generated from the schema for the leak test (issue 12): for every
root field a selection of every field below it (nested links, connections,
every member of a union and every type behind an interface such as ``node``),
nested arguments filled in as literals, and a record of which ``Type.field``
pairs were selected, so a field the generator cannot reach fails the test."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

Choose = Callable[[str, str, Any], Any]
"""(field name, argument name, argument type) → a value, or ``None`` to leave it out."""

DEPTH = 4
"""Levels of objects below a root field (a type is never expanded inside itself)."""


@dataclass
class Walker:
    schema: GraphQLSchema
    choose: Choose
    covered: set[str] = field(default_factory=set)

    def arguments(self, name: str, f: GraphQLField) -> str | None:
        """Literal arguments of a field; ``None`` when a required one has no value."""
        parts = []
        for arg_name, arg in f.args.items():
            value = self.choose(name, arg_name, arg.type)
            if value is None:
                if isinstance(arg.type, GraphQLNonNull):
                    return None
                continue
            parts.append(f"{arg_name}: {literal(value)}")
        return f"({', '.join(parts)})" if parts else ""

    def selection(self, t: Any, depth: int = DEPTH, path: frozenset[str] = frozenset()) -> str:
        named = get_named_type(t)
        if is_leaf_type(named):
            return ""
        if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
            members: Iterable[GraphQLObjectType] = self.schema.get_possible_types(named)
            fragments = [f"... on {m.name} {{ {self.selection(m, depth, path)} }}" for m in members]
            return " ".join(["__typename", *fragments])
        assert isinstance(named, GraphQLObjectType)
        parts = ["__typename"]
        for fname, f in named.fields.items():
            args = self.arguments(fname, f)
            if args is None:
                continue
            inner = get_named_type(f.type)
            if is_leaf_type(inner) and f.deprecation_reason:
                # a deprecated scalar is the old name of a served field (``baseline`` of ``basisplanning``,
                # ``actorId`` of ``vastgelegdDoor.id``; docs/schema-changelog.md): the same value, and
                # selecting it again would only double the document's cost
                continue
            if is_leaf_type(inner):
                parts.append(f"{fname}{args}")
            elif depth > 0 and inner.name not in path:
                parts.append(f"{fname}{args} {{ {self.selection(f.type, depth - 1, path | {named.name})} }}")
            else:
                continue
            self.covered.add(f"{named.name}.{fname}")
        return " ".join(parts)

    def parts(self, kind: str, name: str, f: GraphQLField) -> list[str]:
        """The document of :meth:`document` split into one per object field
        right below the root field (for answers too costly in one piece)."""
        args = self.arguments(name, f)
        named = get_named_type(f.type)
        if args is None or not isinstance(named, GraphQLObjectType):
            return []
        out = []
        for fname, child in named.fields.items():
            child_args = self.arguments(fname, child)
            if child_args is None or is_leaf_type(get_named_type(child.type)):
                continue
            sel = self.selection(child.type, DEPTH - 1, frozenset({named.name}))
            out.append(f"{kind} {{ {name}{args} {{ __typename {fname}{child_args} {{ {sel} }} }} }}")
        return out

    def document(self, kind: str, name: str, f: GraphQLField) -> str | None:
        args = self.arguments(name, f)
        if args is None:
            return None
        root = self.schema.query_type if kind == "query" else self.schema.subscription_type
        assert root is not None
        self.covered.add(f"{root.name}.{name}")
        sel = self.selection(f.type)
        return f"{kind} {{ {name}{args} {{ {sel} }} }}" if sel else f"{kind} {{ {name}{args} }}"


def literal(value: Any) -> str:
    """A GraphQL literal of a plain value (strings are JSON strings, which GraphQL reads the same)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(str(value))


def reachable(schema: GraphQLSchema) -> set[str]:
    """Every ``Type.field`` of every object type an answer can contain."""
    roots = [t for t in (schema.query_type, schema.subscription_type) if t is not None]
    todo: list[Any] = list(roots)
    seen: set[str] = set()
    out: set[str] = set()
    while todo:
        t = get_named_type(todo.pop())
        if t.name in seen or is_leaf_type(t) or t.name.startswith("__"):
            continue
        seen.add(t.name)
        if isinstance(t, GraphQLUnionType | GraphQLInterfaceType):
            todo.extend(schema.get_possible_types(t))
            continue
        for fname, f in t.fields.items():
            if fname.startswith("__") or (f.deprecation_reason and is_leaf_type(get_named_type(f.type))):
                continue
            out.add(f"{t.name}.{fname}")
            todo.append(f.type)
    return out

"""Operations generated from the GraphQL schema itself: every top-level query
and mutation field, with arguments that are either plausible (ids of seeded
objects, well-formed scalars) or random (the fuzzer), and a small selection."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_leaf_type,
    print_type,
)

from service.graphql.schema import build_schema

Value = Callable[[str, GraphQLNamedType], Any]
"""Chooses a value for an argument or input field (name, named type)."""


def graphql_schema() -> GraphQLSchema:
    return build_schema()._schema


def root_fields(schema: GraphQLSchema, kind: str) -> dict[str, GraphQLField]:
    root = schema.query_type if kind == "query" else schema.mutation_type
    assert root is not None
    return {name: field for name, field in root.fields.items() if not name.startswith("_")}


def type_ref(t: Any) -> str:
    return str(t)


def build_value(t: Any, name: str, choose: Value, depth: int = 0, optional: bool = False) -> Any:
    """A value of input type ``t``: required input fields always filled, optional ones sometimes."""
    if isinstance(t, GraphQLNonNull):
        return build_value(t.of_type, name, choose, depth)
    if isinstance(t, GraphQLList):
        return [build_value(t.of_type, name, choose, depth + 1)]
    if isinstance(t, GraphQLInputObjectType):
        out = {}
        for fname, f in t.fields.items():
            required = isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
            if required or (depth < 2 and choose(f"?{fname}", get_named_type(f.type))):
                out[fname] = build_value(f.type, fname, choose, depth + 1)
        return out
    return choose(name, t)


def arguments(field: GraphQLField, choose: Value, all_optional: bool = False) -> dict[str, Any]:
    args = {}
    for name, arg in field.args.items():
        required = isinstance(arg.type, GraphQLNonNull)
        if required or (all_optional and choose(f"?{name}", get_named_type(arg.type))):
            args[name] = build_value(arg.type, name, choose)
    return args


def selection(t: Any, depth: int = 2) -> str:
    named = get_named_type(t)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLUnionType):
        parts = ["__typename", "... on UserError { code message }"]
        parts += [f"... on {m.name} {{ {selection(m, depth - 1)} }}" for m in named.types if "Error" not in m.name]
        return " ".join(parts)
    assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
    parts = ["__typename"]
    for fname, f in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in f.args.values()):
            continue
        inner = get_named_type(f.type)
        if is_leaf_type(inner):
            parts.append(fname)
        elif depth > 0:
            parts.append(f"{fname} {{ {selection(f.type, depth - 1)} }}")
    return " ".join(parts)


def operation(kind: str, name: str, field: GraphQLField, args: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A document with every argument passed as a variable (so any value can be sent)."""
    decl = ", ".join(f"${a}: {type_ref(field.args[a].type)}" for a in args)
    call = ", ".join(f"{a}: ${a}" for a in args)
    head = f"{kind} Op({decl})" if decl else f"{kind} Op"
    sel = selection(field.type)
    body = f"{name}({call})" if call else name
    return f"{head} {{ {body} {{ {sel} }} }}" if sel else f"{head} {{ {body} }}", dict(args)


def random_scalar(rnd: random.Random, t: GraphQLNamedType) -> Any:
    """A random value that is usually of the declared type and sometimes not."""
    nasty = ["", " ", "\u202e", "\x00", "x" * 5000, "💥" * 50, "null", "-1", "9" * 40, "2025-02-30", "../../etc"]
    if rnd.random() < 0.15:
        return rnd.choice([None, 0, -1, 10**30, 1.5, True, "x", [], {}, rnd.choice(nasty)])
    if isinstance(t, GraphQLEnumType):
        return rnd.choice(list(t.values))
    assert isinstance(t, GraphQLScalarType), print_type(t)
    generators: dict[str, Callable[[], Any]] = {
        "Int": lambda: rnd.choice([0, 1, -1, 2**31 - 1, rnd.randint(-10, 300)]),
        "Float": lambda: rnd.choice([0.0, -1.5, 1e308]),
        "Boolean": lambda: rnd.random() < 0.5,
        "Date": lambda: rnd.choice(["2025-01-01", "0001-01-01", "9999-12-31", "2025-13-01", "yesterday"]),
        "DateTime": lambda: rnd.choice(["2025-01-01T00:00:00Z", "1900-01-01T00:00:00", "not a time"]),
        "Decimal": lambda: rnd.choice(["0", "-1", "1e9999", "NaN", "Infinity", "0.001", "12.50", "9" * 30]),
        "UUID": lambda: rnd.choice(["00000000-0000-0000-0000-000000000000", "not-a-uuid"]),
        "ID": lambda: rnd.choice(["T250cd2lra2VscHVudDox", "x", "", "=="]),
    }
    return generators.get(t.name, lambda: rnd.choice([*nasty, "GM0307", "amersfoort", "kgb-zhz"]))()

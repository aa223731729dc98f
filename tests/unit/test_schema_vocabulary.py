"""Generated checks on the served schema: one language for names and no free
string where the domain has a closed list (issue 18, part 4).

The checks walk every object, interface and input type of the schema the code
builds, so a new field is checked the moment it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    build_schema,
)
from graphql.type.definition import GraphQLType

from domain.vocabulary import Vocabulary
from service.graphql import vocabulary as gql_vocabulary
from service.graphql.schema import schema_sdl

SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")
SEED_CITATION = re.compile(r"\b\d{3}:L\d+")
ROOT = Path(__file__).resolve().parents[2]


def _named(t: GraphQLType) -> GraphQLType:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def _fields() -> Iterator[tuple[str, str, GraphQLType]]:
    """(owner, name, type) of every field, argument and input field."""
    schema = build_schema(schema_sdl())
    for type_name, t in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for name, f in t.fields.items():
                yield type_name, name, f.type
                for arg_name, arg in f.args.items():
                    yield f"{type_name}.{name}", arg_name, arg.type
        elif isinstance(t, GraphQLInputObjectType):
            for name, f in t.fields.items():
                yield type_name, name, f.type


def _lcfirst(name: str) -> str:
    return name[:1].lower() + name[1:]


def test_no_field_argument_or_input_field_is_snake_case() -> None:
    snake = [f"{owner}.{name}" for owner, name, _ in _fields() if SNAKE.search(name)]
    assert snake == []


def test_no_string_where_a_domain_enum_has_that_name() -> None:
    """A field named like a domain vocabulary (``standpunt`` → Standpunt) must use that enum."""
    enum_names = {_lcfirst(cls.__name__): cls.__name__ for cls in gql_vocabulary.ALL}
    free = [
        f"{owner}.{name} (use {enum_names[name]})"
        for owner, name, t in _fields()
        if name in enum_names and isinstance(_named(t), GraphQLScalarType)
    ]
    assert free == []


def test_every_domain_vocabulary_is_a_schema_enum_with_the_stored_values() -> None:
    schema = build_schema(schema_sdl())
    assert set(gql_vocabulary.ALL) == set(Vocabulary.__subclasses__())
    for cls in gql_vocabulary.ALL:
        t = schema.type_map.get(cls.__name__)
        if t is None:  # a vocabulary the API does not expose (yet) needs no enum
            continue
        assert isinstance(t, GraphQLEnumType), cls.__name__
        assert sorted(t.values) == sorted(m.name for m in cls), cls.__name__
        assert all(m.name == m.name.upper() for m in cls), cls.__name__


def test_user_facing_code_does_not_cite_seed_line_numbers() -> None:
    cited = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("service", "domain", "projections")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SEED_CITATION.search(line)
    ]
    assert cited == []

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

from domain.besluit import Besluit
from domain.vocabulary import BesluitstapSoort, Vocabulary
from service.graphql import vocabulary as gql_vocabulary
from service.graphql.schema import schema_sdl

SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")
CLOSED_LIST_NAME = re.compile(
    r"^(status|soort|type|relatie|stap|fase|vorm|precisie|signaal|actie|niveau|uitkomst|standpunt|bevoegdheid"
    r"|herkomst|interval|kader)$|(Soort|Status|Precisie|Type|Categorie|Fase|Niveau)$"
)
"""Names that in this domain stand for a closed list: such a field is an enum unless listed below."""
FREE_TEXT = {
    "GekoppeldInitiatief.relatie": "free text of the programme plan ('verbinding, geen onderdeel')",
    "KoppelInitiatiefInput.relatie": "the same free text as input",
    "AuditRegel.objectType": "the aggregate's class name, the type part of the global id (docs/api.md)",
    "WijzigingTussen.objectType": "as AuditRegel.objectType",
    "PdcaStap.objectType": "as AuditRegel.objectType",
    "Effect.objectType": "as AuditRegel.objectType",
}
"""Documented exceptions (docs/api.md, "Names"): a field named like a closed list that is free text."""
SEED_CITATION = re.compile(r"\b\d{3}:L\d+")
ROOT = Path(__file__).resolve().parents[2]


def _named(t: GraphQLType) -> GraphQLType:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def _fields(*, deprecated: bool = True) -> Iterator[tuple[str, str, GraphQLType]]:
    """(owner, name, type) of every field, argument and input field (without the deprecated ones
    when ``deprecated`` is false: those keep their old shape until they go)."""
    schema = build_schema(schema_sdl())
    for type_name, t in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for name, f in t.fields.items():
                if not deprecated and f.deprecation_reason:
                    continue
                yield type_name, name, f.type
                for arg_name, arg in getattr(f, "args", {}).items():
                    yield f"{type_name}.{name}", arg_name, arg.type


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


def test_a_field_named_like_a_closed_list_is_an_enum_unless_documented_as_free_text() -> None:
    """``status``, ``soort``, ``relatie``, ``...Soort``, ``...Type``: a new free string with such a name fails here."""
    free = [
        f"{owner}.{name}"
        for owner, name, t in _fields(deprecated=False)
        if CLOSED_LIST_NAME.search(name) and getattr(_named(t), "name", "") == "String"
    ]
    assert sorted(set(free) - set(FREE_TEXT)) == []
    assert sorted(set(FREE_TEXT) - set(free)) == [], "an exception that no longer applies"
    api = (ROOT / "docs" / "api.md").read_text()
    assert all(f"`{name}`" in api for name in FREE_TEXT), "every exception is documented in docs/api.md"


def test_no_english_name_where_the_domain_has_a_dutch_one() -> None:
    """The old English names live on only as deprecated fields (docs/schema-changelog.md)."""
    english = {"baseline", "forecast", "actual", "stale", "escalateTo", "rule", "eventType", "recordedAt"}
    english |= {"baselineEind", "baselinePrecisie", "forecastEind", "forecastPrecisie", "objectVersion"}
    found = [f"{owner}.{name}" for owner, name, _ in _fields(deprecated=False) if name in english]
    assert found == []


def test_the_besluitstap_soorten_are_the_events_of_a_besluit() -> None:
    events = {n for n, c in vars(Besluit).items() if isinstance(c, type) and issubclass(c, Besluit.Event)}
    events -= {"Event", "Created"}  # the bases eventsourcing gives every aggregate
    assert {m.value for m in BesluitstapSoort} == events


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

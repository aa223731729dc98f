"""One payload shape (``service/graphql/results.py``): every ``XPayload`` of a mutation result is
``Payload[X]``, with its object field named after its type, ``version`` and ``position``."""

from __future__ import annotations

from graphql import GraphQLNamedType, GraphQLNonNull, GraphQLObjectType, GraphQLUnionType

from service.graphql.schema import build_schema

NAMED_OTHERWISE = {"MandaatPayload": "matrix"}
"""Payloads whose object field is not named after its type (a subclass names it)."""
NOT_EVENT_SOURCED = {"PersoonPayload"}
"""The register of people has no versions: its payload is its own type."""


def _payloads() -> dict[str, GraphQLObjectType]:
    schema = build_schema()._schema
    found: dict[str, GraphQLObjectType] = {}
    for t in schema.type_map.values():
        if isinstance(t, GraphQLUnionType) and t.name.endswith("Result"):
            found |= {m.name: m for m in t.types if m.name.endswith("Payload")}
    return found


def _named(t: object) -> GraphQLNamedType:
    assert isinstance(t, GraphQLNonNull)
    assert isinstance(t.of_type, GraphQLNamedType)
    return t.of_type


def test_every_payload_is_its_object_named_after_its_type_with_version_and_position() -> None:
    payloads = _payloads()
    assert len(payloads) >= 13
    for name, payload in payloads.items():
        if name in NOT_EVENT_SOURCED:
            continue
        (field,) = set(payload.fields) - {"version", "position"}
        object_type = _named(payload.fields[field].type).name
        assert field == NAMED_OTHERWISE.get(name, object_type[0].lower() + object_type[1:]), name
        assert name in NAMED_OTHERWISE or name == object_type + "Payload"
        assert {_named(payload.fields[f].type).name for f in ("version", "position")} == {"Int"}


def test_the_renamed_object_field_is_found_by_its_graphql_name() -> None:
    schema = build_schema()
    for type_name, field in [
        ("OntwikkelplanPayload", "ontwikkelplan"),
        ("RegionaalOntwikkelpuntPayload", "regionaalOntwikkelpunt"),
        ("MandaatPayload", "matrix"),
    ]:
        found = schema.get_field_for_type(field, type_name)
        assert found is not None and found.python_name == "obj"

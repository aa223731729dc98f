"""Every top-level query field follows the read conventions of
``docs/architecture.md``: it takes ``asOf`` (read as of an instant) and
``minPosition`` (read-your-writes). Walks the schema, so a new field that
forgets them fails here."""

from __future__ import annotations

from service.graphql.schema import build_schema

NOT_DATA = {"apiVersion"}
"""Fields that read no data at all (a constant), so time travel means nothing for them."""


def test_every_top_level_query_field_takes_as_of_and_min_position() -> None:
    query = build_schema()._schema.query_type
    assert query is not None
    missing = {
        name: [arg for arg in ("asOf", "minPosition") if arg not in field.args]
        for name, field in query.fields.items()
        if name not in NOT_DATA
    }
    assert {name: args for name, args in missing.items() if args} == {}
    assert len(missing) > 20


def test_as_of_is_a_date_time_and_min_position_an_int_everywhere() -> None:
    query = build_schema()._schema.query_type
    assert query is not None
    kinds = {
        (str(field.args["asOf"].type), str(field.args["minPosition"].type))
        for name, field in query.fields.items()
        if name not in NOT_DATA
    }
    assert kinds == {("DateTime", "Int")}


SERIES = {"voortgangsreeks": "volgensPeildatum"}
"""A series reads every period on its own last day: its valid-time argument is a switch, not one date."""


def test_every_top_level_query_field_with_as_of_takes_peildatum_as_a_date() -> None:
    """Issue 16: every view with ``asOf`` (as recorded) also reads by ``peildatum`` (as it stood on a date)."""
    query = build_schema()._schema.query_type
    assert query is not None
    with_as_of = {name: field for name, field in query.fields.items() if "asOf" in field.args}
    missing = sorted(name for name, field in with_as_of.items() if SERIES.get(name, "peildatum") not in field.args)
    assert missing == []
    kinds = {str(f.args["peildatum"].type) for n, f in with_as_of.items() if "peildatum" in f.args}
    assert kinds == {"Date"}
    assert len(with_as_of) > 20

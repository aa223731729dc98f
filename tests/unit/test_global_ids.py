"""The one parser of id arguments (``relay.object_uuid``): a global id of the
expected type, or (deprecated until ``RAW_UUID_UNTIL``) the raw UUID; every
other value is one typed error naming the argument."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.graphql.relay import RAW_UUID_UNTIL, GlobalIdError, object_uuid, optional_uuid, to_global_id

TYPES = st.sampled_from(["Ontwikkelpunt", "Besluit", "Mijlpaal", "Overleg", "Regio", "X"])


@given(TYPES, st.uuids())
def test_a_global_id_names_its_uuid_and_is_never_taken_for_a_raw_uuid(type_name: str, value: uuid.UUID) -> None:
    gid = to_global_id(type_name, value)
    assert object_uuid(gid, "id", type_name) == value
    assert object_uuid(gid, "id") == value  # no type given: any type
    assert object_uuid(str(value), "id", type_name) == value  # deprecated raw UUID
    assert object_uuid(value.hex, "id", type_name) == value


def test_an_id_of_another_type_or_no_id_is_refused_naming_the_argument() -> None:
    punt = to_global_id("Ontwikkelpunt", uuid.uuid4())
    for bad in (punt, "geen-id", "!!!", to_global_id("Besluit", "niet-een-uuid"), "A" * 10_000):
        with pytest.raises(GlobalIdError) as refused:
            object_uuid(bad, "besluitId", "Besluit")
        assert refused.value.code == "BAD_USER_INPUT"
        assert [p.field for p in refused.value.problems] == ["besluitId"]
    assert optional_uuid(None, "objectId") is None


def test_the_end_of_the_raw_uuid_deprecation_is_the_date_the_docs_announce() -> None:
    docs = Path(__file__).parents[2] / "docs"
    for name in ("schema-changelog.md", "api.md"):
        assert RAW_UUID_UNTIL.isoformat() in (docs / name).read_text(encoding="utf-8"), name

"""Breaking schema changes must be recorded in docs/schema-changelog.md."""

from __future__ import annotations

from service.graphql.schema import schema_sdl
from service.graphql.schema_diff import CHANGELOG, diff, diff_against_committed, unrecorded_breaking

OLD = "type Query { regio(code: String!): Regio }\ntype Regio { code: String! naam: String! }\n"
NEW = "type Query { regio(code: String!): Regio }\ntype Regio { code: String! omschrijving: String }\n"


def test_a_removed_field_is_breaking_unless_the_changelog_records_it() -> None:
    changes = diff(OLD, NEW)
    assert changes.breaking == ["Field Regio.naam was removed."]
    assert changes.added == ["Regio.omschrijving"]
    assert unrecorded_breaking(changes, "## 2026-01\n- added: x\n") == ["Field Regio.naam was removed."]
    assert unrecorded_breaking(changes, "- BREAKING: Field Regio.naam was removed.\n") == []
    assert "- BREAKING: Field Regio.naam was removed." in changes.markdown()


def test_the_code_has_no_unrecorded_breaking_change_against_the_committed_schema() -> None:
    changes = diff_against_committed(schema_sdl())
    assert unrecorded_breaking(changes, CHANGELOG.read_text()) == []

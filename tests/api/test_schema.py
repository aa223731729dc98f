"""The committed ``schema.graphql`` is the schema the code serves."""

from __future__ import annotations

from pathlib import Path

from service.graphql.schema import schema_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_the_committed_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == schema_sdl(), (
        "schema.graphql is out of date; regenerate it with: .venv/bin/voortgang schema --output schema.graphql"
    )


def test_the_exported_schema_is_sorted_for_stable_diffs() -> None:
    sdl = schema_sdl()
    types = [line.split()[1] for line in sdl.splitlines() if line.startswith(("type ", "input ", "enum "))]
    assert types == sorted(types)

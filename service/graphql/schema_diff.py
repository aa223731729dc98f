"""Schema changes between the committed ``schema.graphql`` and the code, as
Markdown lines for ``docs/schema-changelog.md`` (``voortgang schema --diff``).

Breaking changes (graphql-core ``find_breaking_changes``) must be recorded in
the changelog (the test ``tests/api/test_schema_changes.py`` enforces it):
the policy is to deprecate first and remove only after the announced date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema.graphql"
CHANGELOG = ROOT / "docs" / "schema-changelog.md"


@dataclass(frozen=True)
class SchemaDiff:
    breaking: list[str]
    dangerous: list[str]
    added: list[str]

    def markdown(self) -> str:
        lines = [f"- BREAKING: {b}" for b in self.breaking]
        lines += [f"- dangerous: {d}" for d in self.dangerous]
        lines += [f"- added: {a}" for a in self.added]
        return "\n".join(lines) + ("\n" if lines else "")


def _fields(schema: GraphQLSchema) -> set[str]:
    names: set[str] = set()
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        names.add(type_name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            names.update(f"{type_name}.{field}" for field in named.fields)
    return names


def diff(old_sdl: str, new_sdl: str) -> SchemaDiff:
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    return SchemaDiff(
        breaking=[c.description for c in find_breaking_changes(old, new)],
        dangerous=[c.description for c in find_dangerous_changes(old, new)],
        added=sorted(_fields(new) - _fields(old)),
    )


def unrecorded_breaking(changes: SchemaDiff, changelog: str) -> list[str]:
    """Breaking changes the changelog does not mention (by their description)."""
    return [b for b in changes.breaking if b not in changelog]


def diff_against_committed(code_sdl: str) -> SchemaDiff:
    if not COMMITTED.exists():
        return SchemaDiff([], [], [])
    return diff(COMMITTED.read_text(), code_sdl)

"""Every GraphQL example in docs/*.md validates against the schema the code builds, so a rename
or a removed field cannot leave the documentation behind (the README's queries have their own
test, tests/api/test_readme_queries.py, which also runs them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLSchema, parse, validate

from service.graphql.schema import build_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)
SDL = re.compile(r"^\s*(type|input|enum|union|interface|scalar|schema)\b")


def examples() -> list[tuple[str, str]]:
    """(where, document) for each operation in a ```graphql block; a block of one-line operations
    (one per line, as in the portal's path) is split into its lines; SDL blocks are left out."""
    found: list[tuple[str, str]] = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text()
        for block in BLOCK.finditer(text):
            body = block.group(1)
            if SDL.match(body):
                continue
            line = text[: block.start()].count("\n") + 2
            lines = [ln.split("#", 1)[0] for ln in body.splitlines()]
            one_per_line = len(lines) > 1 and all(ln.strip().endswith("}") for ln in lines if ln.strip())
            parts = [ln for ln in lines if ln.strip()] if one_per_line else [body]
            found += [(f"{path.name}:{line}", part) for part in parts]
    return found


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema()._schema


def test_the_docs_have_graphql_examples() -> None:
    assert len(examples()) >= 3


@pytest.mark.parametrize(("where", "document"), examples(), ids=[w for w, _ in examples()])
def test_every_graphql_example_in_the_docs_validates(schema: GraphQLSchema, where: str, document: str) -> None:
    errors = validate(schema, parse(document))
    assert not errors, (where, [e.message for e in errors])

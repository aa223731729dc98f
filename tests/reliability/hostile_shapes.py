"""Hostile GraphQL documents, each at or near the size limits, with the code
that must refuse it. Exponential shapes expand to ``2 ** n`` selections;
quadratic ones make graphql-core's overlapping-fields rule compare every pair."""

from __future__ import annotations

from service.graphql.guard import limits


def doubling_fragments(n: int) -> str:
    parts = ["fragment F0 on Query { apiVersion }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"{{ ...F{n} }} " + " ".join(parts)


def doubling_empty_fragments(n: int) -> str:
    parts = ["fragment F0 on Query { }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"{{ apiVersion ...F{n} }} " + " ".join(parts)


def doubling_nested_fragments(n: int) -> str:
    parts = ["fragment F0 on Regio { code naam }"]
    parts += [f"fragment F{i} on Regio {{ ...F{i - 1} code ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"{{ regios {{ ...F{n} }} }} " + " ".join(parts)


def repeated_field(n: int) -> str:
    return "{ " + "apiVersion " * n + "}"


def repeated_nested_field(n: int) -> str:
    return "{ regios { " + "code " * n + "} }"


def repeated_parent(n: int) -> str:
    return "{ " + "regios { code naam } " * n + "}"


def many_fragments(n: int) -> str:
    spreads = " ".join(f"...F{i}" for i in range(n))
    return f"{{ {spreads} }} " + " ".join(f"fragment F{i} on Query {{ apiVersion }}" for i in range(n))


def long_fragment_chain(n: int) -> str:
    parts = ["fragment F0 on Query { apiVersion }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"{{ ...F{n} }} " + " ".join(parts)


def nested_braces(n: int) -> str:
    return "{ " + "regios { " * n + "code" + " }" * n + " }"


def nested_list_literal(n: int) -> str:
    return '{ regiobeeld(regio: "' + "x" + '", asOf: ' + "[" * n + "]" * n + ") { regio } }"


def many_operations_one_fragment(n: int) -> str:
    ops = " ".join(f"query Q{i} {{ ...F }}" for i in range(n))
    return ops + " fragment F on Query { apiVersion }"


def cycle() -> str:
    return "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"


def many_directives(n: int) -> str:
    return "{ apiVersion " + "@skip(if: false) " * n + "}"


def many_variables(n: int) -> str:
    return "query(" + " ".join(f"$v{i}: Int" for i in range(n)) + ") { apiVersion }"


ANSWERED = "ANSWERED"
"""Not refused: a valid document, answered (as quickly)."""

SHAPES: dict[str, tuple[str, set[str]]] = {
    "doubling fragments x40 (2^40 selections)": (doubling_fragments(40), {"TOO_MANY_SELECTIONS"}),
    "doubling fragments x290 (near the token limit)": (doubling_fragments(290), {"TOO_MANY_SELECTIONS"}),
    "doubling empty fragments x60": (doubling_empty_fragments(60), {"TOO_MANY_SELECTIONS"}),
    "doubling nested fragments x60": (doubling_nested_fragments(60), {"TOO_MANY_SELECTIONS"}),
    "one field repeated 2 990 times": (repeated_field(2_990), {"TOO_MANY_SELECTIONS"}),
    "one field repeated 1 990 times (under the node cap)": (repeated_field(1_990), {"TOO_MANY_SELECTIONS"}),
    "one nested field repeated 2 990 times": (repeated_nested_field(2_990), {"TOO_MANY_SELECTIONS"}),
    "one parent repeated 490 times": (repeated_parent(490), {"TOO_MANY_SELECTIONS"}),
    "250 fragments on one selection set": (many_fragments(250), {"TOO_MANY_SELECTIONS"}),
    "braces nested 900 deep": (nested_braces(900), {"QUERY_TOO_DEEP"}),
    "a list literal nested 1 400 deep": (nested_list_literal(1_400), {"QUERY_TOO_DEEP"}),
    "a chain of 600 fragments (over the token limit)": (long_fragment_chain(600), {"TOO_MANY_TOKENS"}),
    "a chain of 290 fragments": (long_fragment_chain(290), {"GRAPHQL_VALIDATION_FAILED"}),
    "a chain of 60 fragments (valid: answered)": (long_fragment_chain(60), {ANSWERED}),
    "300 operations sharing a fragment (valid: answered)": (many_operations_one_fragment(300), {ANSWERED}),
    "a fragment cycle": (cycle(), {"GRAPHQL_VALIDATION_FAILED"}),
    "one directive repeated 400 times": (many_directives(400), {"GRAPHQL_VALIDATION_FAILED"}),
    "700 unused variables": (many_variables(700), {"GRAPHQL_VALIDATION_FAILED"}),
    "a document of 100 001 characters": ("{ apiVersion }" + " " * (100_001 - 14), {"TOO_MANY_TOKENS"}),
    "3 001 tokens": ("{ " + "apiVersion " * (limits.MAX_TOKENS - 1) + "}", {"TOO_MANY_TOKENS"}),
    "201 comments": ("{ apiVersion }" + "\n#" * (limits.MAX_COMMENTS + 1), {"TOO_MANY_TOKENS"}),
    "31 aliases": (
        "{ " + " ".join(f"a{i}: apiVersion" for i in range(limits.MAX_ALIASES + 1)) + " }",
        {"TOO_MANY_ALIASES"},
    ),
}

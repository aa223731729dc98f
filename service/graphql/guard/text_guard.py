"""Text that can never be meant: control characters (NUL and the other C0/C1
controls except tab, newline and carriage return) and lone surrogates. Refused
with ``BAD_USER_INPUT`` naming the argument or variable, wherever a string
enters: literals in the document (a validation rule, linear) and variable
values (checked before execution, without recursion). So nothing of the kind
reaches PostgreSQL (which refuses NUL and unpaired surrogates with a DataError)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    ListValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    StringValueNode,
    ValidationRule,
    ValueNode,
)

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def problem_in(text: str) -> str | None:
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    char = ord(found.group())
    kind = "een losse surrogaat" if 0xD800 <= char <= 0xDFFF else "een stuurteken"
    return f"bevat {kind} (U+{char:04X}) op positie {found.start()}"


def refused(where: str, why: str, nodes: Any = None) -> GraphQLError:
    return GraphQLError(
        f"{where} {why}; zulke tekens zijn niet toegestaan", nodes, extensions={"code": "BAD_USER_INPUT"}
    )


class TextLiteralRule(ValidationRule):
    """Every string literal in an argument (also inside lists and input objects)."""

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        stack: list[tuple[ValueNode, str]] = [(node.value, node.name.value)]
        while stack:
            value, path = stack.pop()
            if isinstance(value, StringValueNode):
                why = problem_in(value.value)
                if why:
                    self.report_error(refused(f"argument `{path}`", why, [value]))
            elif isinstance(value, ListValueNode):
                stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value.values))
            elif isinstance(value, ObjectValueNode):
                fields: tuple[ObjectFieldNode, ...] = tuple(value.fields)
                stack.extend((f.value, f"{path}.{f.name.value}") for f in fields)


def variables_refusal(variables: Mapping[str, Any]) -> GraphQLError | None:
    """The first string value in the variables with a forbidden character
    (names need no check: graphql-core refuses unknown ones)."""
    stack: list[tuple[Any, str]] = [(value, f"${name}") for name, value in variables.items()]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            why = problem_in(value)
            if why:
                return refused(f"variabele `{path}`", why)
        elif isinstance(value, dict):
            stack.extend((v, f"{path}.{k}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
    return None

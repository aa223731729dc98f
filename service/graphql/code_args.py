"""Codes are validated inputs: every ``String`` argument of a root field that
carries a code (``gemeente``, ``regio``, ``programma``, ``project``, ``gremium``,
and ``code`` of ``programma``/``project``/``gremia``) must match its pattern
in ``domain/codes.py``, literal or variable, before anything executes; a
mismatch is ``BAD_USER_INPUT`` naming the argument. The arguments stay
``String`` in the schema (no client's variable types break); the patterns are
documented in ``docs/api.md``. Linear: each root selection and fragment once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    get_named_type,
)

from domain import codes
from service.graphql.guard import shape

BY_ARGUMENT = {
    "gemeente": codes.GEMEENTE,
    "regio": codes.REGIO,
    "programma": codes.PROGRAMMA,
    "project": codes.PROJECT,
    "gremium": codes.GREMIUM,
}
CODE_OF_FIELD = {"programma": codes.PROGRAMMA, "project": codes.PROJECT, "gremia": codes.GREMIUM}


def pattern_of(field: str, argument: str) -> codes.CodePattern | None:
    if argument == "code":
        return CODE_OF_FIELD.get(field)
    return BY_ARGUMENT.get(argument)


def _argument_refusal(
    root: GraphQLObjectType, field: FieldNode, arg: ArgumentNode, variables: Mapping[str, Any]
) -> GraphQLError | None:
    definition = root.fields.get(field.name.value)
    pattern = pattern_of(field.name.value, arg.name.value)
    if definition is None or pattern is None:
        return None
    arg_def = definition.args.get(arg.name.value)
    if arg_def is None or get_named_type(arg_def.type).name != "String":
        return None
    value: Any = None
    if isinstance(arg.value, StringValueNode):
        value = arg.value.value
    elif isinstance(arg.value, VariableNode):
        value = variables.get(arg.value.name.value)
    if not isinstance(value, str) or pattern.matches(value):
        return None
    return GraphQLError(
        f"argument `{arg.name.value}` van `{field.name.value}`: {value[:60]!r} is geen geldige "
        f"{pattern.kind}code ({pattern.uitleg})",
        [arg],
        extensions={"code": "BAD_USER_INPUT"},
    )


def code_refusal(
    schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, variables: Mapping[str, Any]
) -> GraphQLError | None:
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    fragments = shape.fragments_of(document)
    seen: set[str] = set()
    stack: list[SelectionSetNode] = [operation.selection_set]
    while stack:
        for sel in stack.pop().selections:
            if isinstance(sel, FieldNode):
                for arg in sel.arguments or ():
                    refusal = _argument_refusal(root, sel, arg, variables)
                    if refusal is not None:
                        return refusal
            elif isinstance(sel, InlineFragmentNode):
                stack.append(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments and sel.name.value not in seen:
                seen.add(sel.name.value)
                stack.append(fragments[sel.name.value].selection_set)
    return None

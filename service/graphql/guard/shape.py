"""The shape of a GraphQL document, measured in time linear in its size.

Fragments are put in dependency order first (an explicit stack, no recursion),
so each fragment's figures are computed once and a spread only looks them up:
a chain of fragments that each spread the previous one twice costs one step
per fragment, not ``2 ** n``. Every count saturates at a cap, so no number
grows beyond what a limit needs to decide.

Figures of a selection set:

* ``depth`` — field nesting, as strawberry's ``QueryDepthLimiter`` counts it
  (a field with a selection set adds one; spreads and inline fragments add
  nothing; introspection fields are not counted);
* ``nodes`` — selections (fields, spreads, inline fragments) after expanding
  every fragment spread;
* ``aliases`` — aliased fields in the document text (not expanded).

After those pass, :func:`merge_pairs` expands the document (bounded by the node
cap) to count, per merged response path, the pairs of fields that graphql-core's
``OverlappingFieldsCanBeMergedRule`` compares: that rule's work is quadratic in
them, so a document with too many is refused before the rule runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True)
class Figures:
    depth: int
    nodes: int


class FragmentCycle(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def operations_of(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


def walk(selection_set: SelectionSetNode) -> Iterator[tuple[FieldNode | FragmentSpreadNode | InlineFragmentNode, int]]:
    """Every selection under ``selection_set`` (not into fragments) with its
    field nesting level, without recursion."""
    stack: list[tuple[SelectionSetNode, int]] = [(selection_set, 0)]
    while stack:
        current, level = stack.pop()
        for sel in current.selections:
            yield sel, level  # type: ignore[misc]
            if isinstance(sel, FieldNode) and sel.selection_set is not None:
                stack.append((sel.selection_set, level + 1))
            elif isinstance(sel, InlineFragmentNode):
                stack.append((sel.selection_set, level))


def spreads_in(selection_set: SelectionSetNode) -> list[str]:
    return [sel.name.value for sel, _ in walk(selection_set) if isinstance(sel, FragmentSpreadNode)]


def dependency_order(fragments: Mapping[str, FragmentDefinitionNode]) -> list[str]:
    """Fragment names, each after every fragment it spreads; unknown spreads
    are skipped (graphql-core reports them). Raises :class:`FragmentCycle`."""
    uses = {name: [s for s in spreads_in(f.selection_set) if s in fragments] for name, f in fragments.items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for start in uses:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            name, index = stack.pop()
            if index < len(uses[name]):
                stack.append((name, index + 1))
                child = uses[name][index]
                if state.get(child) == 1:
                    raise FragmentCycle(child)
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[name] = 2
                order.append(name)
    return order


def measure(selection_set: SelectionSetNode, known: Mapping[str, Figures], cap: int) -> Figures:
    """Depth and expanded node count of a selection set; fragments from ``known``."""
    depth = nodes = 0
    introspection: set[int] = set()
    for sel, level in walk(selection_set):
        nodes += 1
        if isinstance(sel, FieldNode):
            if sel.name.value.startswith("__") and sel.selection_set is not None:
                introspection.add(id(sel.selection_set))
            elif sel.selection_set is not None:
                depth = max(depth, level + 1)
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value in known:
            figures = known[sel.name.value]
            depth = max(depth, level + figures.depth)
            nodes += figures.nodes
        nodes = min(nodes, cap)
    if introspection:
        depth = _depth_without(selection_set, introspection, known)
    return Figures(depth=depth, nodes=nodes)


def _depth_without(selection_set: SelectionSetNode, skipped: set[int], known: Mapping[str, Figures]) -> int:
    """Depth when the selection sets of introspection fields are left out."""
    depth = 0
    stack: list[tuple[SelectionSetNode, int]] = [(selection_set, 0)]
    while stack:
        current, level = stack.pop()
        for sel in current.selections:
            if isinstance(sel, FieldNode) and sel.selection_set is not None and id(sel.selection_set) not in skipped:
                depth = max(depth, level + 1)
                stack.append((sel.selection_set, level + 1))
            elif isinstance(sel, InlineFragmentNode):
                stack.append((sel.selection_set, level))
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value in known:
                depth = max(depth, level + known[sel.name.value].depth)
    return depth


def fragment_figures(document: DocumentNode, cap: int) -> dict[str, Figures]:
    fragments = fragments_of(document)
    known: dict[str, Figures] = {}
    for name in dependency_order(fragments):
        known[name] = measure(fragments[name].selection_set, known, cap)
    return known


def count_aliases(document: DocumentNode) -> int:
    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            total += sum(1 for sel, _ in walk(definition.selection_set) if isinstance(sel, FieldNode) and sel.alias)
    return total


def merge_pairs(document: DocumentNode, budget: int) -> int:
    """Pairs of same-named fields on one merged response path, every fragment
    expanded; stops counting once ``budget`` is passed. Call only after the node
    cap has been checked (the expansion visits every expanded node once)."""
    fragments = fragments_of(document)
    seen: dict[tuple[int, str], int] = {}
    keys: dict[tuple[int, str], int] = {}
    pairs = 0
    for index, operation in enumerate(operations_of(document)):
        stack: list[tuple[SelectionSetNode, int]] = [(operation.selection_set, -1 - index)]
        while stack:
            current, path = stack.pop()
            for sel in current.selections:
                if isinstance(sel, FieldNode):
                    key = (path, (sel.alias or sel.name).value)
                    count = seen.get(key, 0)
                    pairs += count
                    if pairs > budget:
                        return pairs
                    seen[key] = count + 1
                    if sel.selection_set is not None:
                        stack.append((sel.selection_set, keys.setdefault(key, len(keys) + 1)))
                elif isinstance(sel, InlineFragmentNode):
                    stack.append((sel.selection_set, path))
                elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments:
                    stack.append((fragments[sel.name.value].selection_set, path))
    return pairs

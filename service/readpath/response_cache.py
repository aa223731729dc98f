"""A response cache for GraphQL queries, keyed by the data version.

Reads vastly outnumber writes (portals re-read plans, dashboards poll), and the
answer to a query is a pure function of: who asks (the whole principal, so
nothing is ever shared between users or tenants), the document, its variables
and operation name, the version of the rows it can show together with the
generation of the data kept outside the event log (the people directory:
an erased name retires every entry, in every process; a rebuild's swap too),
and today's date (hygiene and milestone status depend on it).
:class:`ResponseCacheExtension` stores the result under exactly that key, so a
hit is what executing would return now.

The version of the rows: a request whose root fields all name a ``gemeente``
(or a ``regio``, on :data:`REGIO_ROOTS`; :func:`request_scope`) can show only
the rows of those gemeenten and rows of no one gemeente (of those regios: their
regional rows and their gemeenten's rows); its version is the sum of the change
counters the view tables' triggers keep per (table, scope) (migrations 0525,
0595), so a write in another gemeente (another regio) leaves its entry alive.
Any other request is keyed by the position of every view, so any new event
retires it.

It runs as a schema extension *after* parsing, validation and the limits, so
a refused document never reaches the database, and it knows the operation
type exactly: only queries are cached, and only results without errors.
The cache is per process and bounded; turn it off with
``VOORTGANG_RESPONSE_CACHE_ENTRIES=0``. Decision: docs/decisions.md; measured
with the cache on and off in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from domain.principal import Principal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def cache_key(principal: Principal, request: bytes, position: int | str, today: dt.date | None = None) -> str:
    """``position``: the data version, :meth:`service.runtime.Runtime.cache_version`."""
    day = today or dt.datetime.now(AMSTERDAM).date()
    who = "|".join(
        [
            principal.actor_id,
            ",".join(sorted(principal.roles)),
            principal.gemeente or "",
            ",".join(sorted(principal.gremia)),
            ",".join(sorted(principal.projecten)),
        ]
    )
    digest = hashlib.blake2b(request, digest_size=20).hexdigest()
    return f"{who}\x00{position}\x00{day.isoformat()}\x00{digest}"


SCOPE_ARGUMENT = "gemeente"
"""A root field with this argument reads the rows of that gemeente and rows of
no one gemeente (regional, programme-wide), never another gemeente's: the
generated differential test (tests/api/test_response_cache_scopes.py) holds
every such root field of the test corpus to it."""

REGIO_ROOTS = frozenset({"regiobeeld", "regionaleOntwikkelpunten"})
"""Root fields whose ``regio`` argument bounds what they read: the regional rows
of that regio, rows of the gemeenten registered in it, and rows of no scope
(migration 0595); tests/api/test_response_cache_scopes.py holds them to it."""


@dataclass(frozen=True)
class RequestScope:
    """What a request can show: rows of ``gemeenten`` (and every row of no
    gemeente), and rows of ``regios`` (their regional rows and their gemeenten's)."""

    gemeenten: frozenset[str] = frozenset()
    regios: frozenset[str] = frozenset()


def request_scope(
    document: DocumentNode | None, operation_name: str | None, variables: dict[str, Any] | None
) -> RequestScope | None:
    """The scope of the request, from its root fields' ``gemeente`` arguments
    (and ``regio`` on :data:`REGIO_ROOTS`), literal or variable; ``None`` (it may
    show any row) when a root field has neither or it is not a string. One pass
    over the root selections (fragments at the root included, each once)."""
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    named = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    operation = named[0] if named else None
    if operation is None:
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    gemeenten: set[str] = set()
    regios: set[str] = set()
    pending: list[SelectionSetNode] = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
            elif isinstance(selection, FieldNode) and not selection.name.value.startswith("__"):
                if (gemeente := _argument(selection, SCOPE_ARGUMENT, variables or {})) is not None:
                    gemeenten.add(gemeente)
                elif selection.name.value in REGIO_ROOTS and (regio := _argument(selection, "regio", variables or {})):
                    regios.add(regio)
                else:
                    return None
    return RequestScope(frozenset(gemeenten), frozenset(regios))


def _argument(field_node: FieldNode, name: str, variables: dict[str, Any]) -> str | None:
    for argument in field_node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, StringValueNode):
            return value.value
        if isinstance(value, VariableNode):
            bound = variables.get(value.name.value)
            return bound if isinstance(bound, str) else None
    return None


@dataclass
class ResponseCache:
    """A bounded LRU (entries and approximate bytes) of query results."""

    max_entries: int = 512
    max_bytes: int = 128 * 1024 * 1024
    hits: int = 0
    misses: int = 0
    evictions: int = 0
    _entries: OrderedDict[str, tuple[dict[str, Any], int]] = field(default_factory=OrderedDict)
    _bytes: int = 0

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[0]

    def put(self, key: str, data: dict[str, Any], size: int) -> None:
        if not self.enabled or size > self.max_bytes // 8:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._entries[key] = (data, size)
        self._bytes += size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted
            self.evictions += 1

    def __len__(self) -> int:
        return len(self._entries)


class ResponseCacheExtension(SchemaExtension):
    """Answer a query from the runtime's :class:`ResponseCache` when the views
    have not moved since the same principal asked exactly the same thing."""

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        ctx = ec.context
        principal = getattr(ctx, "principal", None)
        runtime = getattr(ctx, "runtime", None)
        cache: ResponseCache | None = getattr(runtime, "response_cache", None)
        refused = ec.result is not None  # e.g. by the limits, which run first
        if (
            refused
            or cache is None
            or not cache.enabled
            or principal is None
            or ec.operation_type is not OperationType.QUERY
        ):
            yield
            return
        try:
            request = orjson.dumps([ec.query, ec.variables, ec.operation_name], option=orjson.OPT_SORT_KEYS)
        except TypeError:  # e.g. an integer beyond 64 bits: let execution give its typed error
            yield
            return
        scope = request_scope(ec.graphql_document, ec.operation_name, ec.variables)
        key = cache_key(principal, request, await runtime.cache_version(scope))  # type: ignore[union-attr]
        hit = cache.get(key)
        if hit is not None:
            ec.result = ExecutionResult(data=hit, errors=None)
            response = getattr(ctx, "response", None)
            if response is not None:
                response.headers["x-cache"] = "hit"
        yield
        result = ec.result
        if hit is None and isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            cache.put(key, result.data, len(orjson.dumps(result.data, default=str)))

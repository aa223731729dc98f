"""A cache of parsed and validated GraphQL documents, keyed by the query text,
the parse options (the token limits of ``service/graphql/guard/limits.py``) and the
validation rules in force (so also by the schema configuration).

A repeated query pays neither parse nor validate; a new document is parsed
with the limits' options and validated with every rule, exactly as without the
cache, and only a document that passed both is kept. The cache is a thin layer
in front of those two steps (``on_parse`` / ``on_validate``): whatever parser
options and rules the limits set, the cache only remembers their verdict for
this exact text. Per schema instance (so per process and schema version),
bounded LRU; :class:`DocumentCache` is the store, :class:`DocumentCacheExtension`
the strawberry hook.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

MAX_ENTRIES = 512
MAX_CACHED_CHARS = 20_000
"""Longer documents are parsed every time (no real client sends such a query twice)."""

Key = tuple[str, tuple[tuple[str, Any], ...], tuple[str, ...]]


@dataclass
class DocumentCache:
    """A bounded LRU of documents that parsed and validated without errors."""

    max_entries: int = MAX_ENTRIES
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[Key, DocumentNode] = field(default_factory=OrderedDict)

    def get(self, key: Key) -> DocumentNode | None:
        document = self._entries.get(key)
        if document is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return document

    def put(self, key: Key, document: DocumentNode) -> None:
        if self.max_entries <= 0:
            return
        self._entries[key] = document
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _rule_name(rule: Any) -> str:
    # QueryDepthLimiter makes a new rule class per request: key on its name.
    return f"{getattr(rule, '__module__', '')}.{getattr(rule, '__qualname__', repr(rule))}"


class DocumentCacheExtension(SchemaExtension):
    """Serve the parsed document and the validation verdict from the schema's
    :class:`DocumentCache`. Comes before :class:`~service.graphql.guard.limits.Limits`
    in the schema's extensions, so that on a hit Limits finds the document and
    its (empty) errors already set and does nothing; the parse options and rules
    that make up the key are set in ``on_operation``, which every extension runs
    before any ``on_parse``."""

    key: Key | None = None
    hit: bool = False

    def _cache(self) -> DocumentCache | None:
        cache = getattr(self.execution_context.schema, "document_cache", None)
        return cache if isinstance(cache, DocumentCache) else None

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        cache = self._cache()
        query = ec.query
        if cache is not None and query and ec.graphql_document is None and len(query) <= MAX_CACHED_CHARS:
            options = tuple(sorted((ec.parse_options or {}).items()))
            rules = tuple(_rule_name(r) for r in ec.validation_rules)
            self.key = (query, options, rules)
            document = cache.get(self.key)
            if document is not None:
                ec.graphql_document = document  # strawberry skips parsing when it is set
                self.hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if self.hit and ec.pre_execution_errors is None:
            ec.pre_execution_errors = []  # validated before, with the same rules: strawberry skips it
        yield
        cache = self._cache()
        if cache is None or self.hit or self.key is None or ec.graphql_document is None:
            return
        if ec.pre_execution_errors == [] or ec.pre_execution_errors is None:
            cache.put(self.key, ec.graphql_document)

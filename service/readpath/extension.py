"""The strawberry hook of the compiled read path: after parsing, validation,
the limits and the response cache (a refused or cached request never gets
here), a covered query document is answered by its one compiled statement and
the JSON PostgreSQL built is passed through (``orjson.Fragment``); anything
not covered, and any failure, continues on graphql-core's path, which then
gives the same answer or the same typed error."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from service.graphql.context import Context
from service.readpath.compiler import CompiledCache, run

log = logging.getLogger(__name__)


class CompiledReads(SchemaExtension):
    """Answer covered queries with one SQL statement (``schema.compiled_reads``)."""

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        cache = getattr(ec.schema, "compiled_reads", None)
        ctx = ec.context
        document = ec.graphql_document
        if (
            isinstance(cache, CompiledCache)
            and isinstance(ctx, Context)
            and ec.result is None
            and document is not None
            and ec.query is not None
            and ec.operation_type is OperationType.QUERY
        ):
            schema = ec.schema._schema
            compiled = cache.get(schema, ec.query, document, ec.operation_name)
            if compiled is not None:
                try:
                    data = await run(compiled, schema, ctx, ec.variables)
                except Exception:
                    log.debug("compiled read fell back", exc_info=True)
                    data = None
                if data is None:
                    cache.fell_back += 1
                else:
                    cache.answered += 1
                    ec.result = ExecutionResult(data=data, errors=None)
        yield

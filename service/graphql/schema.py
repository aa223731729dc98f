"""The schema: every area's queries and mutations joined, with limits and
error masking. ``schema.graphql`` is exported from here (``voortgang schema``)."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types.execution import ExecutionContext

from service.graphql import regio
from service.graphql.error_codes import ErrorCodes, log_errors
from service.graphql.errors import register_errors
from service.graphql.governance import besluit, overleg
from service.graphql.governance import queries as governance
from service.graphql.governance.queries import GovernanceMutation, GovernanceQuery
from service.graphql.guard.limits import Limits
from service.graphql.guard.suggestions import execution_kwargs
from service.graphql.history.audit import AuditQuery, DirectoryMutation
from service.graphql.history.live import Subscription
from service.graphql.history.queries import HistoryQuery
from service.graphql.plans import queries as plans
from service.graphql.plans.lifecycle_mutations import PlanLifecycleMutation
from service.graphql.plans.mutations import PlanMutation
from service.graphql.plans.point_mutations import PuntMutation
from service.graphql.plans.queries import PlansQuery
from service.graphql.programme import queries as programme
from service.graphql.programme.queries import ProgrammeMutation, ProgrammeQuery
from service.graphql.regio import RegioMutation, RegioQuery
from service.graphql.relay import NodeQuery, register_nodes
from service.graphql.results import ResultNames
from service.readpath.compiler import CompiledCache
from service.readpath.document_cache import DocumentCache, DocumentCacheExtension
from service.readpath.extension import CompiledReads
from service.readpath.response_cache import ResponseCacheExtension


@strawberry.type(description="Alle leesvragen. Elk veld op het hoogste niveau accepteert `asOf`.")
class Query(RegioQuery, NodeQuery, AuditQuery, PlansQuery, GovernanceQuery, ProgrammeQuery, HistoryQuery):
    @strawberry.field(description="De versie van de API.")
    def api_version(self) -> str:
        from service import API_VERSION

        return API_VERSION


@strawberry.type(description="Alle wijzigingen. Elk resultaat is de payload of een getypeerde fout.")
class Mutation(
    RegioMutation,
    DirectoryMutation,
    PlanMutation,
    PuntMutation,
    PlanLifecycleMutation,
    GovernanceMutation,
    ProgrammeMutation,
):
    pass


class VoortgangSchema(strawberry.Schema):
    hide_suggestions = False
    """Production: no "Did you mean …?" in errors (``service.graphql.guard.suggestions``)."""

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        return kwargs | execution_kwargs(self.hide_suggestions)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        compiled = kwargs.pop("compiled_reads", True)
        super().__init__(*args, **kwargs)
        self.document_cache = DocumentCache()
        self.compiled_reads = CompiledCache() if compiled else None

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        log_errors(errors, execution_context)


def register_all() -> None:
    """Every registration the schema relies on, listed once and made while it is built
    (importing a module registers nothing): the types ``node(id:)`` resolves, area by area,
    and the areas' own typed errors. Idempotent. The live topics are not a registry: the app
    hands ``service.live.registry.live_rules()`` to its broker."""
    for nodes in (regio.NODES, plans.NODES, programme.NODES, governance.NODES, overleg.NODES, besluit.NODES):
        register_nodes(nodes)
    register_errors(governance.ERRORS)


def build_schema(
    production: bool = False, tracing: bool = False, tracer_provider: Any = None, compiled_reads: bool = True
) -> strawberry.Schema:
    """The schema with its limits, error codes and metrics (once per operation,
    never per field); introspection off in production; OpenTelemetry optional."""
    from service.operations.metrics import OperationMetrics, tracing_extension

    register_all()
    extensions: list[Any] = [
        OperationMetrics,
        DocumentCacheExtension,  # before Limits: a cached document is neither parsed nor validated again
        Limits,
        ErrorCodes,
        ResponseCacheExtension,
        CompiledReads,
    ]
    if production:
        extensions += [DisableIntrospection]
    if tracing and (traced := tracing_extension(tracer_provider)) is not None:
        extensions.insert(0, traced)
    schema = VoortgangSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(auto_camel_case=True, name_converter=ResultNames()),
        extensions=extensions,
        compiled_reads=compiled_reads,
    )
    schema.hide_suggestions = production
    return schema


def schema_sdl() -> str:
    """The schema as SDL, types sorted for stable diffs."""
    from graphql import lexicographic_sort_schema, print_schema

    return print_schema(lexicographic_sort_schema(build_schema()._schema)) + "\n"

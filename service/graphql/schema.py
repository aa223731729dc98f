"""The schema: every area's queries and mutations joined, with limits and
error masking. ``schema.graphql`` is exported from here (``voortgang schema``)."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from service.graphql.regio import RegioMutation, RegioQuery

MAX_DEPTH = 12


@strawberry.type(description="Alle leesvragen. Elk veld op het hoogste niveau accepteert `asOf`.")
class Query(RegioQuery):
    @strawberry.field(description="De versie van de API.")
    def api_version(self) -> str:
        from service import API_VERSION

        return API_VERSION


@strawberry.type(description="Alle wijzigingen. Elk resultaat is de payload of een getypeerde fout.")
class Mutation(RegioMutation):
    pass


def _should_mask(error: GraphQLError) -> bool:
    # Errors raised by graphql-core itself (syntax, validation) are the
    # client's own and safe to show; anything from a resolver is masked.
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaskErrors(
                should_mask_error=_should_mask, error_message="Interne fout; zie de logs met het request-id."
            ),
        ],
    )


def schema_sdl() -> str:
    """The schema as SDL, types sorted for stable diffs."""
    from graphql import lexicographic_sort_schema, print_schema

    return print_schema(lexicographic_sort_schema(build_schema()._schema)) + "\n"

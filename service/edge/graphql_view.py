"""The GraphQL view's edge behaviour (mixed into ``VoortgangGraphQL``):

* the body is checked by :mod:`service.edge.request` (JSON parsed by orjson,
  never by a recursive parser) before strawberry sees it;
* GraphQL over HTTP media types: with ``Accept: application/graphql-response+json``
  a request error (parse, validation, limit or variable failure: no data and
  no error with a path) answers 400 without ``data``; ``application/json``
  keeps 200 with ``data: null``;
* every refusal is problem+json in Dutch with a stable ``code``;
* the GraphiQL page carries a CSP made for that page.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from service.edge.headers import page_csp
from service.edge.request import GRAPHQL_RESPONSE, Refusal, check_content_type, graphql_body, response_media_type
from service.http import problem

DUTCH_REASONS = {
    "GraphQL only supports GET and POST requests.": "alleen POST (en GET voor de GraphiQL-pagina) wordt ondersteund",
    "No GraphQL query found in the request": "`query` ontbreekt",
    "Unsupported content type": "stuur de GraphQL-aanvraag als application/json",
    "Not Found": "dit pad bestaat niet",
}
STATE_MEDIA = "graphql_media_type"
STATE_REQUEST_ERROR = "graphql_request_error"


def is_request_error(result: ExecutionResult) -> bool:
    """The request failed before execution (parse, validation, limits, variables)."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or [])


def dutch_reason(exc: HTTPException) -> str:
    reason = DUTCH_REASONS.get(exc.reason)
    if reason:
        return reason
    if "not allowed when using GET" in exc.reason:
        return "alleen POST voert GraphQL-operaties uit"
    if "operation type" in exc.reason.lower() or "operation" in exc.reason.lower():
        return "de operatie is niet te bepalen; geef een bestaande `operationName`"
    return "het GraphQL-verzoek kan niet worden verwerkt"


class EdgeChecks:
    """Overrides of strawberry's view (its ``run`` and ``graphql_ide_html`` are used)."""

    graphql_ide_html: str

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        if request.method != "POST":
            raise Refusal(405, "METHOD_NOT_ALLOWED", "GraphQL-operaties gaan alleen via POST")
        check_content_type(request.content_type or "")
        body = graphql_body(await request.get_body())
        return GraphQLRequestData(
            query=body.query,
            variables=body.variables,
            operation_name=body.operation_name,
            extensions=body.extensions,
            protocol="http",
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        from strawberry.http import process_result

        data = process_result(result)
        state = request.scope.setdefault("state", {})
        if state.get(STATE_MEDIA) == GRAPHQL_RESPONSE and is_request_error(result):
            state[STATE_REQUEST_ERROR] = True
            data.pop("data", None)
        return data

    @cached_property
    def offline_ide_html(self) -> str:
        """Strawberry's page with its CDN assets served by us (``service.edge.graphiql``)."""
        from service.edge.graphiql import offline_html

        return offline_html(self.graphql_ide_html)

    @cached_property
    def graphql_ide_csp(self) -> str:
        return page_csp(self.offline_ide_html)

    async def render_graphql_ide(self, request: Request) -> Response:
        from starlette.responses import HTMLResponse

        response = HTMLResponse(self.offline_ide_html)
        response.headers["content-security-policy"] = self.graphql_ide_csp
        return response

    async def run_checked(self, request: Request, request_id: str) -> Response:
        """Negotiate the media type, run the operation, answer refusals as problem+json."""
        state = request.scope.setdefault("state", {})
        try:
            if request.method == "POST":
                state[STATE_MEDIA] = response_media_type(request.headers.get("accept"))
            response: Response = await cast(Any, self).run(request)
        except Refusal as refusal:
            response = problem(refusal.status, "", refusal.detail, request_id, code=refusal.code)
            if refusal.status == 405:
                response.headers["allow"] = "POST"
            return response
        except HTTPException as exc:
            return problem(exc.status_code, "", dutch_reason(exc), request_id)
        if state.get(STATE_MEDIA) == GRAPHQL_RESPONSE and response.media_type == "application/json":
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if state.get(STATE_REQUEST_ERROR):
                response.status_code = 400
        return response

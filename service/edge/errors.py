"""Errors the framework raises outside GraphQL (no route, wrong method, a CORS
preflight refused) answered as problem+json like every other HTTP error."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from service.http import problem

DETAILS = {
    404: "dit pad bestaat niet; de API staat op /v1/graphql",
    405: "deze methode is hier niet toegestaan",
}


def request_id_of(scope: Scope) -> str:
    return str(scope.get("state", {}).get("request_id", ""))


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's ``HTTPException`` (404, 405, ...) as problem+json."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = DETAILS.get(status, "het verzoek kan niet worden verwerkt")
    response = problem(status, "", detail, request_id_of(request.scope))
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware; a refused preflight answers 403 problem+json."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "origin" in headers and "access-control-request-method" in headers:
                response = self.preflight_response(request_headers=headers)
                if response.status_code >= 400:
                    refused = bytes(response.body).decode("latin-1")
                    what = [
                        dutch
                        for english, dutch in (("origin", "herkomst"), ("method", "methode"), ("headers", "headers"))
                        if english in refused
                    ]
                    detail = "CORS geweigerd: " + ", ".join(what or ["verzoek"]) + " niet toegestaan"
                    response = problem(403, "", detail, request_id_of(scope), code="CORS_REFUSED")
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

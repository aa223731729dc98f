"""The Starlette application: lifespan, routes, middleware."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

import structlog
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from service import API_VERSION, __version__
from service.auth import AuthError, Principal, TokenVerifier
from service.config import Settings
from service.graphql.context import Context
from service.graphql.schema import build_schema
from service.http import BodySizeLimitMiddleware, RequestContextMiddleware, problem
from service.runtime import Runtime

log = logging.getLogger(__name__)


def bearer(conn: HTTPConnection) -> str | None:
    value = conn.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class VoortgangGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with our auth and context."""

    def __init__(self, runtime_ref: dict[str, Runtime], verifier: TokenVerifier, settings: Settings) -> None:
        super().__init__(
            build_schema(),
            graphql_ide=None if settings.production else "graphiql",
            allow_queries_via_get=False,
        )
        self.runtime_ref = runtime_ref
        self.verifier = verifier

    async def get_context(self, request: HTTPConnection, response: Response | None = None) -> Context:  # type: ignore[override]
        principal: Principal | None = request.scope.get("state", {}).get("principal")
        return Context(
            request=request,
            response=response,
            runtime=self.runtime_ref["runtime"],
            principal=principal,
            request_id=request.scope.get("state", {}).get("request_id", ""),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Every GraphQL request over HTTP needs a valid bearer token (the
        GraphiQL page itself does not); HTTP-level failures answer
        ``application/problem+json``."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        request_id = scope.get("state", {}).get("request_id", "")
        wants_page = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        if not wants_page:
            token = bearer(request)
            if token is None:
                await problem(401, "Unauthorized", "een Bearer-token is vereist", request_id)(scope, receive, send)
                return
            try:
                principal = self.verifier.verify(token)
            except AuthError as exc:
                await problem(401, "Unauthorized", str(exc), request_id)(scope, receive, send)
                return
            scope.setdefault("state", {})["principal"] = principal
            structlog.contextvars.bind_contextvars(principal=principal.actor_id, role=principal.role)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = problem(exc.status_code, HTTPStatus(exc.status_code).phrase, exc.reason, request_id)
        await response(scope, receive, send)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Starlette:
    """The ASGI app. With ``runtime`` given (tests), the lifespan uses it as is."""
    settings = settings or Settings()
    runtime_ref: dict[str, Runtime] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = runtime is None
        rt = runtime if runtime is not None else await asyncio.to_thread(Runtime.build, settings)
        if owned:
            await rt.open()
            if settings.run_projector:
                rt.start_projector()
        runtime_ref["runtime"] = rt
        app.state.runtime = rt
        log.info(
            "service.ready",
            extra={"database": rt.database.describe(), "version": __version__, "environment": settings.environment},
        )
        try:
            yield
        finally:
            if owned:
                await rt.close()
            log.info("service.stopped")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def readyz(request: Request) -> Response:
        rt: Runtime | None = runtime_ref.get("runtime")
        if rt is None:
            return problem(503, "Service Unavailable", "de service start nog")
        try:
            report = await readiness(rt)
        except Exception as exc:  # noqa: BLE001 - any failure here means not ready
            return problem(503, "Service Unavailable", f"database niet bereikbaar: {type(exc).__name__}")
        if not report["ready"]:
            return JSONResponse(report, status_code=503)
        return JSONResponse(report)

    graphql_app = VoortgangGraphQL(runtime_ref, TokenVerifier(settings), settings)
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/v1/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
    ]
    middleware = [
        Middleware(RequestContextMiddleware),
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-request-id"],
            expose_headers=["api-version", "x-request-id"],
        ),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


async def readiness(rt: Runtime) -> dict[str, Any]:
    from service import migrate

    async with rt.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT (SELECT coalesce(max(notification_id), 0) FROM voortgang_events),"
            " (SELECT coalesce(min(position), 0) FROM projection_tracking),"
            " (SELECT count(*) FROM _yoyo_migration)"
        )
        row = await cur.fetchone()
    assert row is not None
    head, views, applied = int(row[0]), int(row[1]), int(row[2])
    expected = len(list(migrate.migrations_dir().glob("*.sql")))
    lag = max(0, head - views)
    ready = applied >= expected and lag <= rt.settings.readiness_max_lag
    return {
        "ready": ready,
        "apiVersion": API_VERSION,
        "migrations": {"applied": applied, "expected": expected},
        "events": head,
        "projectionLag": lag,
    }

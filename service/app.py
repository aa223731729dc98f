"""The Starlette application: lifespan, routes, middleware."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, cast

import orjson
import structlog
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from domain.principal import Principal
from service import API_VERSION, __version__
from service.access.auth import AuthError, TokenVerifier
from service.config import Settings
from service.documents.http import document_routes
from service.edge.errors import ProblemCORSMiddleware, http_error
from service.edge.graphiql import asset_routes
from service.edge.graphql_view import EdgeChecks
from service.edge.ratelimit import SharedTokenBucket, retry_after_header
from service.graphql.context import Context
from service.graphql.schema import build_schema
from service.http import BodySizeLimitMiddleware, RequestContextMiddleware, problem
from service.live.broker import Broker
from service.live.registry import live_rules
from service.operations import tracing
from service.operations.collectors import bind as bind_metric_sources
from service.operations.metrics import HttpMetricsMiddleware, metrics_endpoint
from service.operations.metrics_server import start_metrics_server
from service.runtime import Runtime
from service.tokens.known import KnownCodes
from service.tokens.ws import REJECTION, ReasonWebSocketAdapter
from service.views.status import STOPPED_VIEWS_JSON
from service.woo import woo_routes

log = logging.getLogger(__name__)

READINESS_TIMEOUT_S = 0.8
"""``/readyz`` answers within a second: a database that does not answer in
this time is not ready (the pool would wait its full connect timeout)."""


def bearer(conn: HTTPConnection) -> str | None:
    value = conn.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class VoortgangGraphQL(EdgeChecks, GraphQL[Context, None]):
    """Strawberry's ASGI app with our auth and context (edge checks: ``service/edge``)."""

    websocket_adapter_class = ReasonWebSocketAdapter

    def __init__(
        self, runtime_ref: dict[str, Runtime], verifier: TokenVerifier, settings: Settings, tracer_provider: Any = None
    ) -> None:
        super().__init__(
            build_schema(
                settings.production,
                tracing=tracer_provider is not None,
                tracer_provider=tracer_provider,
                compiled_reads=settings.compiled_reads,
            ),
            graphql_ide=None if settings.production else "graphiql",
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=settings.cors_origins,
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=20,
        )
        self.runtime_ref = runtime_ref
        self.verifier = verifier
        self.known_codes = KnownCodes()
        self.limiter = SharedTokenBucket(
            rate=settings.rate_limit_per_s,
            burst=settings.rate_limit_burst,
            lease=settings.rate_limit_lease,
            pool=lambda: getattr(runtime_ref.get("runtime"), "write_pool", None),
        )

    def encode_json(self, data: object) -> str:
        # Text, not bytes: strawberry sends bytes as binary websocket frames,
        # which graphql-transport-ws clients (gql, graphql-ws) reject.
        return orjson.dumps(data).decode()

    async def get_context(self, request: HTTPConnection, response: Response | None = None) -> Context:  # type: ignore[override]
        principal: Principal | None = request.scope.get("state", {}).get("principal")
        return Context(
            request=request,
            response=response,
            runtime=self.runtime_ref["runtime"],
            principal=principal,
            request_id=request.scope.get("state", {}).get("request_id", ""),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A websocket authenticates at ``connection_init``: its payload carries
        ``authorization: "Bearer <token>"`` (or ``token``). Refused: close 4403."""
        params = context.connection_params or {}
        raw = str(params.get("authorization") or params.get("Authorization") or params.get("token") or "")
        scheme, _, rest = raw.partition(" ")
        token = rest.strip() if scheme.lower() == "bearer" else raw.strip()
        try:
            if not token:
                raise AuthError("een Bearer-token is vereist", "TOKEN_MISSING")
            principal = await self.authenticate(token)
        except AuthError as exc:
            context.request.scope.setdefault("state", {})[REJECTION] = exc.code
            raise ConnectionRejectionError({"reason": str(exc), **exc.problem_extra()}) from exc
        if await self.limiter.take(principal.key) is not None:
            raise ConnectionRejectionError({"reason": "te veel verzoeken"})
        context.principal = principal
        return cast(UnsetType, UNSET)

    async def authenticate(self, token: str) -> Principal:
        """Signature, strict claims, and codes that exist in the store (``service.tokens``)."""
        principal = self.verifier.verify(token)
        await self.known_codes.check(self.runtime_ref["runtime"].pool, principal)
        return principal

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
            try:
                if token is None:
                    raise AuthError("een Bearer-token is vereist", "TOKEN_MISSING")
                principal = await self.authenticate(token)
            except AuthError as exc:
                await problem(401, "Unauthorized", str(exc), request_id, **exc.problem_extra())(scope, receive, send)
                return
            scope.setdefault("state", {})["principal"] = principal
            structlog.contextvars.bind_contextvars(principal=principal.actor_id, role=principal.role)
            wait = await self.limiter.take(principal.key)
            if wait is not None:
                refused = problem(429, "Too Many Requests", "te veel verzoeken; probeer het later opnieuw", request_id)
                refused.headers["retry-after"] = retry_after_header(wait)
                await refused(scope, receive, send)
                return
        response = await self.run_checked(request, request_id)
        await response(scope, receive, send)


def create_app(  # noqa: PLR0915 - routes and handlers are closures over one runtime
    settings: Settings | None = None, runtime: Runtime | None = None, tracer_provider: Any = None
) -> Starlette:
    """The ASGI app. With ``runtime`` given (tests), the lifespan uses it as is.
    With ``VOORTGANG_OTEL`` it traces to ``tracer_provider`` (default: OTLP as
    the ``OTEL_*`` variables say; service/operations/tracing.py)."""
    settings = settings or Settings()
    runtime_ref: dict[str, Runtime] = {}
    if settings.otel and tracer_provider is None:
        tracer_provider = tracing.tracer_provider()
    instrumented = tracer_provider is not None and tracing.instrument_psycopg(tracer_provider)

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
        app.state.broker = Broker(rt.database.url, rt.pool, rt.app.mapper, live_rules())
        bind_metric_sources(rt, app.state.broker)
        metrics_server = None
        if settings.metrics_port is not None:
            metrics_server = start_metrics_server(settings.host, settings.metrics_port, rt.database.read_url)
        app.state.metrics_server = metrics_server
        log.info(
            "service.ready",
            extra={"database": rt.database.describe(), "version": __version__, "environment": settings.environment},
        )
        try:
            yield
        finally:
            if metrics_server is not None:
                metrics_server.shutdown()
                metrics_server.server_close()
            if instrumented:
                tracing.uninstrument_psycopg()
            if tracer_provider is not None:
                tracer_provider.force_flush()
            await app.state.broker.stop()
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
            report = await asyncio.wait_for(readiness(rt), READINESS_TIMEOUT_S)
        except TimeoutError:
            return problem(503, "Service Unavailable", f"database antwoordt niet binnen {READINESS_TIMEOUT_S} s")
        except Exception as exc:  # noqa: BLE001 - any failure here means not ready
            return problem(503, "Service Unavailable", f"database niet bereikbaar: {type(exc).__name__}")
        if not report["ready"]:
            return JSONResponse(report, status_code=503)
        return JSONResponse(report)

    graphql_app = VoortgangGraphQL(runtime_ref, TokenVerifier(settings), settings, tracer_provider)
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/v1/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/v1/graphql", graphql_app),
        WebSocketRoute("/graphql", graphql_app),
        *document_routes(runtime_ref, graphql_app.verifier, graphql_app.limiter),
        *woo_routes(runtime_ref),  # public: only published besluiten (service/woo.py)
        *asset_routes(),
    ]
    if settings.metrics_port is None:  # else on the metrics port only, not the public one
        routes.append(Route("/metrics", metrics_endpoint))
    return Starlette(
        routes=routes,
        middleware=middleware(settings, tracer_provider),
        lifespan=lifespan,
        exception_handlers={500: internal_error, HTTPException: http_error},
    )


def middleware(settings: Settings, tracer_provider: Any) -> list[Middleware]:
    """Outermost first: (the tracing server span,) request id and access log,
    (the request id on the span,) metrics, body limit, CORS."""
    traced: list[Middleware] = []
    if tracer_provider is not None:
        instrumentation, options = tracing.asgi_middleware(tracer_provider)
        traced = [Middleware(instrumentation, **options)]
    return [
        *traced,
        Middleware(RequestContextMiddleware, trusted_proxies=settings.trusted_proxies),
        *([Middleware(tracing.RequestIdSpanMiddleware)] if traced else []),
        Middleware(HttpMetricsMiddleware),
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-request-id"],
            expose_headers=["api-version", "x-request-id"],
        ),
    ]


async def internal_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure outside GraphQL: logged with its stack trace,
    answered as ``application/problem+json`` (with the API headers, since this
    runs outside the request middleware)."""
    request_id = request.scope.get("state", {}).get("request_id", "")
    log.error("http.unexpected_error", exc_info=exc, extra={"request_id": request_id, "path": request.url.path})
    response = problem(500, "Internal Server Error", "interne fout; zie de logs met het request-id", request_id)
    response.headers["api-version"] = API_VERSION
    if request_id:
        response.headers["x-request-id"] = request_id
    return response


async def readiness(rt: Runtime) -> dict[str, Any]:
    """Ready = database reachable, every migration applied, views within the lag bound."""
    from service.store import migrate

    async with rt.pool.connection(timeout=READINESS_TIMEOUT_S) as conn:
        cur = await conn.execute(
            "SELECT (SELECT coalesce(max(notification_id), 0) FROM voortgang_events),"
            " (SELECT coalesce(min(position) FILTER (WHERE stopped_event IS NULL), 0) FROM projection_tracking),"
            " (SELECT coalesce(array_agg(migration_id), '{}') FROM _yoyo_migration),"
            f" ({STOPPED_VIEWS_JSON})"
        )
        row = await cur.fetchone()
    assert row is not None
    head, views, applied = int(row[0]), int(row[1]), {str(m) for m in row[2]}
    expected = sorted(p.name.removesuffix(".sql") for p in migrate.migrations_dir().glob("*.sql"))
    pending = [m for m in expected if m not in applied]
    lag = max(0, head - views)
    ready = not pending and lag <= rt.settings.readiness_max_lag  # a stopped view is named, not counted
    return {
        "ready": ready,
        "apiVersion": API_VERSION,
        "migrations": {"applied": len(applied), "expected": len(expected), "pending": pending},
        "events": head,
        "projectionLag": lag,
        "maxLag": rt.settings.readiness_max_lag,
        "stoppedViews": row[3],
    }

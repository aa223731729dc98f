"""Prometheus metrics at ``/metrics`` and optional OpenTelemetry hooks.

* ``voortgang_graphql_operation_seconds{operation,type}`` — latency histogram per
  GraphQL operation name (its ``_count`` gives the request rate);
* ``voortgang_graphql_errors_total{code}`` — errors by ``extensions.code``;
* ``voortgang_http_responses_total{status}`` — HTTP answers by status (401, 413, 429 …);
* ``voortgang_projection_stopped_event{projection}`` — the poisoned event a view
  stopped at (0 while it runs);
* ``voortgang_projection_lag_events{projection}`` and
  ``voortgang_event_store_events`` / ``voortgang_event_store_bytes`` — read from
  the database at scrape time;
* operator families (docs/operations.md, deploy/grafana-dashboard.json):
  ``voortgang_http_request_duration_seconds{method,route,status}``,
  ``voortgang_websocket_connection_duration_seconds{route}`` and
  ``voortgang_websocket_connections_open``, ``voortgang_subscriptions_open``,
  ``voortgang_db_pool_*{pool}`` (size, available, waiting, requests, wait time),
  ``voortgang_response_cache_{hits,misses,evictions}_total``,
  ``voortgang_projector_events_total{projection}`` (``rate()`` = events/s per
  view), ``voortgang_projector_views_owned``, ``voortgang_rebuild_*`` and the
  standard ``process_*`` / ``python_*`` collectors.

Everything is measured once per operation or request, never per resolved field.
OpenTelemetry: with the optional extra (``pip install voortgang[otel]``) and
``VOORTGANG_OTEL=true`` each GraphQL operation becomes a span.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from service.graphql import error_codes

REGISTRY = CollectorRegistry()
OPERATION_SECONDS = Histogram(
    "voortgang_graphql_operation_seconds",
    "Duration of GraphQL operations",
    ["operation", "type"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("voortgang_graphql_errors", "GraphQL errors by extensions.code", ["code"], registry=REGISTRY)
HTTP_RESPONSES = Counter("voortgang_http_responses", "HTTP responses by status", ["status"], registry=REGISTRY)
PROJECTION_LAG = Gauge(
    "voortgang_projection_lag_events", "Events a view still has to apply", ["projection"], registry=REGISTRY
)
PROJECTION_STOPPED = Gauge(
    "voortgang_projection_stopped_event",
    "The event a view stopped at because its handler failed (0: the view runs)",
    ["projection"],
    registry=REGISTRY,
)
EVENTS = Gauge("voortgang_event_store_events", "Highest notification id in the event store", registry=REGISTRY)
EVENT_BYTES = Gauge("voortgang_event_store_bytes", "Size of the event table with its indexes", registry=REGISTRY)

HTTP_SECONDS = Histogram(
    "voortgang_http_request_duration_seconds",
    "Duration of HTTP requests, to the end of the response",
    ["method", "route", "status"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
WEBSOCKET_SECONDS = Histogram(
    "voortgang_websocket_connection_duration_seconds",
    "How long websocket connections (GraphQL subscriptions) stay open",
    ["route"],
    registry=REGISTRY,
    buckets=(0.1, 1, 10, 60, 300, 900, 3600, 4 * 3600, 12 * 3600),
)
WEBSOCKETS_OPEN = Gauge("voortgang_websocket_connections_open", "Open websocket connections", registry=REGISTRY)
PROJECTOR_EVENTS = Counter(
    "voortgang_projector_events", "Events applied to each view by this process", ["projection"], registry=REGISTRY
)
PROJECTOR_OWNED = Gauge(
    "voortgang_projector_views_owned", "Views whose advisory lock this process holds", registry=REGISTRY
)
REBUILD_TOTAL = Gauge("voortgang_rebuild_events_target", "Events the running rebuild has to apply", registry=REGISTRY)
REBUILD_APPLIED = Gauge("voortgang_rebuild_events_applied", "Events the running rebuild has applied", registry=REGISTRY)
REBUILD_RUNNING = Gauge("voortgang_rebuild_running", "1 while a rebuild runs in this process", registry=REGISTRY)
for _collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
    # The standard process_* and python_* families, on our registry too.
    REGISTRY.register(_collector)

MAX_OPERATION_NAMES = 200
ROUTES = frozenset({"/graphql", "/v1/graphql", "/healthz", "/readyz", "/metrics"})
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_names: set[str] = set()

error_codes.observers.append(lambda code: ERRORS.labels(code).inc())


def operation_label(name: str | None) -> str:
    """The operation name as a label, with bounded cardinality."""
    if not name or not NAME.match(name):
        return "anonymous"
    if name not in _names:
        if len(_names) >= MAX_OPERATION_NAMES:
            return "other"
        _names.add(name)
    return name


class OperationMetrics(SchemaExtension):
    """Times every operation (one observation per operation)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        try:
            kind = ctx.operation_type.value
        except (RuntimeError, AttributeError, KeyError):
            kind = "invalid"
        OPERATION_SECONDS.labels(operation_label(ctx.operation_name), kind).observe(time.perf_counter() - started)


def tracing_extension(tracer_provider: Any = None) -> Any | None:
    """A span per operation (``query Regios``, with the request id) when
    OpenTelemetry is installed, else None (service/operations/tracing.py)."""
    try:
        from opentelemetry import trace
    except ImportError:
        return None
    tracer = trace.get_tracer("voortgang.graphql", tracer_provider=tracer_provider)

    class OperationTracing(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            ctx = self.execution_context
            with tracer.start_as_current_span("graphql", kind=trace.SpanKind.INTERNAL) as span:
                context: Any = ctx.context
                span.set_attribute("voortgang.request_id", getattr(context, "request_id", "") or "")
                yield
                name = ctx.operation_name or "anonymous"  # known once the document is parsed
                try:
                    kind = ctx.operation_type.value
                except (RuntimeError, AttributeError, KeyError):
                    kind = "invalid"
                span.set_attribute("graphql.operation.name", name)
                span.set_attribute("graphql.operation.type", kind)
                span.update_name(f"{kind} {name}")
                errors = getattr(getattr(ctx, "result", None), "errors", None)
                if errors:
                    span.set_status(trace.Status(trace.StatusCode.ERROR, str(errors[0].message)[:200]))

    return OperationTracing


async def refresh_database_metrics(pool: Any) -> None:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT coalesce(max(notification_id), 0), pg_total_relation_size('voortgang_events') FROM voortgang_events"
        )
        head, size = await cur.fetchone()
        EVENTS.set(int(head))
        EVENT_BYTES.set(int(size))
        cur = await conn.execute("SELECT projection, position, coalesce(stopped_event, 0) FROM projection_tracking")
        for projection, position, stopped in await cur.fetchall():
            PROJECTION_LAG.labels(projection).set(max(0, int(head) - int(position)))
            PROJECTION_STOPPED.labels(projection).set(int(stopped))


async def metrics_endpoint(request: Request) -> Response:
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is not None:
        await refresh_database_metrics(runtime.pool)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def exposition() -> tuple[bytes, str]:
    """The registry in the text format (the separate metrics port)."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def observe_projection(projection: str, events: int) -> None:
    """The projector's hook: ``events`` more applied to ``projection``."""
    PROJECTOR_EVENTS.labels(projection).inc(events)


class HttpMetricsMiddleware:
    """Counts HTTP responses by status and times every request (to the end of
    its body) and every websocket connection (one observation each)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        route = path if path in ROUTES else "other"
        started = time.perf_counter()
        if scope["type"] == "websocket":
            WEBSOCKETS_OPEN.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                WEBSOCKETS_OPEN.dec()
                WEBSOCKET_SECONDS.labels(route).observe(time.perf_counter() - started)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = "500"

        async def counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = str(message["status"])
                if path != "/metrics":
                    HTTP_RESPONSES.labels(status).inc()
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            HTTP_SECONDS.labels(scope.get("method", "GET"), route, status).observe(time.perf_counter() - started)

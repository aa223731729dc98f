"""Prometheus metrics at ``/metrics`` and optional OpenTelemetry hooks.

* ``voortgang_graphql_operation_seconds{operation,type}`` — latency histogram per
  GraphQL operation name (its ``_count`` gives the request rate);
* ``voortgang_graphql_errors_total{code}`` — errors by ``extensions.code``;
* ``voortgang_http_responses_total{status}`` — HTTP answers by status (401, 413, 429 …);
* ``voortgang_projection_stopped_event{projection}`` — the poisoned event a view
  stopped at (0 while it runs);
* ``voortgang_projection_lag_events{projection}`` and
  ``voortgang_event_store_events`` / ``voortgang_event_store_bytes`` — read from
  the database at scrape time.

Everything is measured once per operation or request, never per resolved field.
OpenTelemetry: with the optional extra (``pip install voortgang[otel]``) and
``VOORTGANG_OTEL=true`` each GraphQL operation becomes a span.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
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

MAX_OPERATION_NAMES = 200
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


def tracing_extension() -> Any | None:
    """A span per operation when OpenTelemetry is installed, else None."""
    try:
        from opentelemetry import trace
    except ImportError:
        return None
    tracer = trace.get_tracer("voortgang.graphql")

    class OperationTracing(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            name = self.execution_context.operation_name or "anonymous"
            with tracer.start_as_current_span(f"graphql {name}") as span:
                context: Any = self.execution_context.context
                span.set_attribute("voortgang.request_id", getattr(context, "request_id", ""))
                yield

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


class HttpMetricsMiddleware:
    """Counts HTTP responses by status (one increment per response)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == "/metrics":
            await self.app(scope, receive, send)
            return

        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                HTTP_RESPONSES.labels(str(message["status"])).inc()
            await send(message)

        await self.app(scope, receive, counting)

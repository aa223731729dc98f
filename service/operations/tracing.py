"""OpenTelemetry tracing (``VOORTGANG_OTEL=true``, the ``otel`` extra).

Configured only from the standard ``OTEL_*`` variables, as every collector's
documentation expects:

* the exporter is OTLP over HTTP/protobuf: ``OTEL_EXPORTER_OTLP_ENDPOINT``
  (``http://collector:4318``) or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``,
  ``OTEL_EXPORTER_OTLP_HEADERS``, ``…_TIMEOUT``, ``…_COMPRESSION``,
  ``…_CERTIFICATE``;
* batching from ``OTEL_BSP_*``, sampling from ``OTEL_TRACES_SAMPLER`` and
  ``OTEL_TRACES_SAMPLER_ARG``, the resource from ``OTEL_SERVICE_NAME`` and
  ``OTEL_RESOURCE_ATTRIBUTES`` (the service name is ``voortgang`` unless set).

Spans: one per HTTP request and websocket (ASGI instrumentation, with the
request id), one per GraphQL operation (``query Regios``, with the request
id), one per SQL statement (psycopg instrumentation). The provider is passed
explicitly, never set globally, so a process can hold one per app (tests).
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from service import __version__


def tracer_provider(exporter: Any | None = None, *, batch: bool = True) -> Any:
    """A provider that exports to ``exporter`` (default: OTLP from the environment)."""
    from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    resource = Resource.create({SERVICE_VERSION: __version__})
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: "voortgang"}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    return provider


def instrument_psycopg(provider: Any) -> bool:
    """Trace every SQL statement of connections opened from now on; False
    when psycopg is instrumented already (by an earlier app in this process)."""
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    instrumentor = PsycopgInstrumentor()
    if instrumentor.is_instrumented_by_opentelemetry:
        return False
    instrumentor.instrument(tracer_provider=provider, skip_dep_check=True)
    return True


def uninstrument_psycopg() -> None:
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    PsycopgInstrumentor().uninstrument()


def asgi_middleware(provider: Any) -> tuple[Any, dict[str, Any]]:
    """The ASGI instrumentation as a Starlette middleware (class, options);
    health checks and scrapes make no spans."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return OpenTelemetryMiddleware, {"tracer_provider": provider, "excluded_urls": "/healthz,/readyz,/metrics"}


class RequestIdSpanMiddleware:
    """Puts the request id (``X-Request-ID``) on the request's server span."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = scope.get("state", {}).get("request_id")
        if request_id:
            from opentelemetry import trace

            trace.get_current_span().set_attribute("voortgang.request_id", request_id)
        await self.app(scope, receive, send)

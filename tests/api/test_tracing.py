"""Tracing reaches a collector: the request's server span, the GraphQL
operation with the request id, and the SQL it ran, in one trace; exported in
process (InMemorySpanExporter) and over OTLP/HTTP to a collector on loopback."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from service.app import create_app
from service.config import Settings
from service.operations.tracing import tracer_provider
from tests.conftest import TokenFactory

QUERY = {"query": "query Regios { regios { code } }"}


@pytest.fixture
async def traced(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, InMemorySpanExporter]]:
    """The service as ``serve`` builds it (runtime made in the lifespan, after
    psycopg is instrumented), tracing to an in-process exporter."""
    exporter = InMemorySpanExporter()
    app = create_app(settings.model_copy(update={"otel": True}), None, tracer_provider(exporter, batch=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client, exporter


def _attrs(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


async def test_a_request_is_one_trace_of_server_span_graphql_operation_and_sql(
    traced: tuple[httpx.AsyncClient, InMemorySpanExporter], token: TokenFactory
) -> None:
    client, exporter = traced
    exporter.clear()
    headers = {"authorization": f"Bearer {token()}", "x-request-id": "trace-req-1"}
    answer = await client.post("/graphql", json=QUERY, headers=headers)
    assert answer.status_code == 200 and answer.headers["x-request-id"] == "trace-req-1"
    spans = exporter.get_finished_spans()

    operation = [s for s in spans if s.name == "query Regios"]
    assert len(operation) == 1, "; ".join(s.name for s in spans)
    op = operation[0]
    assert _attrs(op)["voortgang.request_id"] == "trace-req-1"
    assert _attrs(op)["graphql.operation.type"] == "query"
    assert op.context is not None and op.parent is not None

    server = [s for s in spans if s.kind is SpanKind.SERVER and s.context and s.context.trace_id == op.context.trace_id]
    assert len(server) == 1, [(s.name, s.kind) for s in spans]
    assert _attrs(server[0])["voortgang.request_id"] == "trace-req-1"
    assert server[0].parent is None  # the root of the request's trace

    sql = [s for s in spans if s.kind is SpanKind.CLIENT and s.context and s.context.trace_id == op.context.trace_id]
    assert sql, "no psycopg span in the request's trace"
    assert any("postgresql" in str(v) for s in sql for v in _attrs(s).values())
    assert any("SELECT" in s.name or "SELECT" in str(_attrs(s)) for s in sql)


async def test_health_checks_make_no_spans(traced: tuple[httpx.AsyncClient, InMemorySpanExporter]) -> None:
    client, exporter = traced
    exporter.clear()
    assert (await client.get("/healthz")).status_code == 200
    assert [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER] == []


class Collector:
    """An OTLP/HTTP trace receiver on loopback: keeps every export request."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, bytes]] = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                received.append((self.path, self.headers.get("content-type", ""), body))
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def collector() -> Iterator[Collector]:
    c = Collector()
    yield c
    c.server.shutdown()
    c.server.server_close()


async def test_with_only_the_standard_otel_variables_spans_reach_an_otlp_collector(
    settings: Settings, token: TokenFactory, collector: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint)
    monkeypatch.setenv("OTEL_SERVICE_NAME", "voortgang-test")
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test")
    app = create_app(settings.model_copy(update={"otel": True}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            headers = {"authorization": f"Bearer {token()}", "x-request-id": "otlp-req-1"}
            assert (await client.post("/graphql", json=QUERY, headers=headers)).status_code == 200
    # the lifespan's end flushed the batch processor
    assert collector.requests, "nothing was exported"
    path, content_type, _ = collector.requests[0]
    assert path == "/v1/traces" and content_type == "application/x-protobuf"
    names: set[str] = set()
    resources: dict[str, str] = {}
    for _, _, body in collector.requests:
        export = ExportTraceServiceRequest.FromString(body)
        for rs in export.resource_spans:
            resources.update({a.key: a.value.string_value for a in rs.resource.attributes})
            names.update(span.name for ss in rs.scope_spans for span in ss.spans)
    assert "query Regios" in names
    assert resources["service.name"] == "voortgang-test"
    assert resources["deployment.environment"] == "test"

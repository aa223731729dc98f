"""The metric families an operator's dashboards use (docs/operations.md,
deploy/grafana-dashboard.json) are all there after a request, with values
that follow what happened; the metrics can move to a port of their own."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from service.runtime import Runtime
from tests.conftest import TokenFactory

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = [
    "voortgang_http_request_duration_seconds",
    "voortgang_websocket_connection_duration_seconds",
    "voortgang_websocket_connections_open",
    "voortgang_subscriptions_open",
    "voortgang_db_pool_connections",
    "voortgang_db_pool_available",
    "voortgang_db_pool_max",
    "voortgang_db_pool_requests_waiting",
    "voortgang_db_pool_requests",
    "voortgang_db_pool_wait_seconds",
    "voortgang_db_pool_errors",
    "voortgang_response_cache_hits",
    "voortgang_response_cache_misses",
    "voortgang_response_cache_evictions",
    "voortgang_response_cache_entries",
    "voortgang_projector_events",
    "voortgang_projector_views_owned",
    "voortgang_rebuild_events_target",
    "voortgang_rebuild_events_applied",
    "voortgang_rebuild_running",
    "voortgang_graphql_operation_seconds",
    "voortgang_projection_lag_events",
    "voortgang_graphql_errors",
    "voortgang_http_responses",
    "voortgang_event_store_events",
    "voortgang_event_store_bytes",
    "process_cpu_seconds",
    "process_resident_memory_bytes",
    "process_open_fds",
    "python_info",
    "python_gc_collections",
]


def families(text: str) -> set[str]:
    """Family names (a counter's without its ``_total``)."""
    return {name.removesuffix("_total") for name in re.findall(r"^# TYPE (\S+) ", text, re.MULTILINE)}


def sample(text: str, metric: str) -> float:
    match = re.search(rf"^{re.escape(metric)} (\S+)$", text, re.MULTILINE)
    assert match is not None, f"{metric} not in metrics"
    return float(match.group(1))


async def test_every_operator_metric_family_is_present_after_a_request(
    client: httpx.AsyncClient, token: TokenFactory, runtime: Runtime
) -> None:
    headers = {"authorization": f"Bearer {token()}"}
    mutation = 'mutation { registreerRegio(input: {code: "om", naam: "OM"}) { __typename } }'
    await client.post("/graphql", json={"query": mutation}, headers=headers)
    assert await runtime.wait_for_views(await runtime.log_head())
    query = {"query": "query Regios { regios { code } }"}
    for _ in range(2):  # the second is a response-cache hit
        assert (await client.post("/graphql", json=query, headers=headers)).status_code == 200
    text = (await client.get("/metrics")).text
    missing = [name for name in FAMILIES if name not in families(text)]
    assert not missing, f"metric families missing from /metrics: {missing}"
    http = 'voortgang_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}'
    assert sample(text, http) >= 3
    assert sample(text, 'voortgang_projector_events_total{projection="regio"}') >= 1
    assert sample(text, "voortgang_projector_views_owned") == len(runtime.projector().projections)
    assert sample(text, "voortgang_response_cache_hits_total") >= 1
    assert sample(text, "voortgang_response_cache_misses_total") >= 1
    assert sample(text, 'voortgang_db_pool_max{pool="read"}') >= 4
    assert sample(text, 'voortgang_db_pool_requests_total{pool="read"}') >= 1
    assert sample(text, 'voortgang_db_pool_max{pool="write"}') >= 1
    assert sample(text, "process_resident_memory_bytes") > 0


@pytest.fixture
async def metrics_port_client(settings: Settings, runtime: Runtime) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    app = create_app(settings.model_copy(update={"metrics_port": 0, "host": "127.0.0.1"}), runtime)
    async with app.router.lifespan_context(app):
        port = int(app.state.metrics_server.server_address[1])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c, port


async def test_with_a_metrics_port_the_public_port_serves_no_metrics(
    metrics_port_client: tuple[httpx.AsyncClient, int],
) -> None:
    client, port = metrics_port_client
    assert (await client.get("/metrics")).status_code == 404
    assert (await client.get("/healthz")).status_code == 200
    async with httpx.AsyncClient(timeout=5) as direct:
        text = (await direct.get(f"http://127.0.0.1:{port}/metrics")).text
    assert "voortgang_http_request_duration_seconds" in families(text)
    assert 'voortgang_projection_lag_events{projection="regio"}' in text


def test_the_grafana_dashboard_uses_only_metrics_the_service_exports() -> None:
    dashboard = json.loads((ROOT / "deploy" / "grafana-dashboard.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]
    assert len(exprs) >= 10
    used = {m for expr in exprs for m in re.findall(r"\b((?:voortgang|process|python)_[a-z_]+)", expr)}
    known = set(FAMILIES)
    suffixes = ("_bucket", "_count", "_sum", "_total")
    unknown = {m for m in used if m not in known and not any(m.removesuffix(s) in known for s in suffixes)}
    assert not unknown, f"the dashboard queries metrics the service does not export: {sorted(unknown)}"
    assert {m.removesuffix("_total").removesuffix("_bucket") for m in used} >= {
        "voortgang_http_request_duration_seconds",
        "voortgang_projector_events",
        "voortgang_db_pool_wait_seconds",
        "voortgang_response_cache_hits",
        "voortgang_subscriptions_open",
    }

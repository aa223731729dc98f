"""Prometheus metrics: operations by name, errors by code, HTTP statuses,
projection lag and event store size."""

from __future__ import annotations

import re

import httpx

from tests.conftest import TokenFactory


def sample(text: str, metric: str) -> float:
    match = re.search(rf"^{re.escape(metric)} (\S+)$", text, re.MULTILINE)
    assert match is not None, f"{metric} not in metrics"
    return float(match.group(1))


async def test_metrics_count_operations_errors_statuses_and_the_event_store(
    client: httpx.AsyncClient, token: TokenFactory
) -> None:
    headers = {"authorization": f"Bearer {token()}"}
    mutation = 'mutation Registreer { registreerRegio(input: {code: "m", naam: "M"}) { __typename } }'
    await client.post("/graphql", json={"query": mutation}, headers=headers)
    await client.post("/graphql", json={"query": "query RegioLijst { regios { code } }"}, headers=headers)
    await client.post("/graphql", json={"query": "{ bestaatNiet }"}, headers=headers)
    await client.post("/graphql", json={"query": "{ apiVersion }"})
    response = await client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    histogram = "voortgang_graphql_operation_seconds_count"
    assert sample(text, f'{histogram}{{operation="RegioLijst",type="query"}}') >= 1
    assert sample(text, f'{histogram}{{operation="Registreer",type="mutation"}}') >= 1
    assert sample(text, 'voortgang_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}') >= 1
    assert sample(text, 'voortgang_http_responses_total{status="401"}') >= 1
    assert sample(text, "voortgang_event_store_events") >= 1
    assert sample(text, "voortgang_event_store_bytes") > 0
    assert sample(text, 'voortgang_projection_lag_events{projection="regio"}') == 0

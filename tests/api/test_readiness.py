"""``/readyz``: ready only when the database answers, every migration is
applied and the views are within the lag bound; ``/healthz`` only says alive."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import psycopg
import pytest

from domain.regio import Regio
from service.app import create_app
from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database

MAX_LAG = 5


@pytest.fixture
async def no_projector(settings: Settings, database: Database) -> AsyncIterator[tuple[httpx.AsyncClient, Runtime]]:
    """The service with its projector not running, and a small lag bound."""
    bounded = settings.model_copy(update={"readiness_max_lag": MAX_LAG})
    runtime = Runtime.build(bounded, database)
    await runtime.open()
    app = create_app(bounded, runtime)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                yield client, runtime
    finally:
        await runtime.close()


def save_events(runtime: Runtime, count: int) -> None:
    regio = Regio.registreer("r", "R")
    for n in range(count - 1):
        regio.registreer_gemeente(f"GM{n:04d}", f"G{n}")
    runtime.app.save(regio)


async def test_readiness_fails_while_projections_lag_beyond_the_bound_and_recovers(
    no_projector: tuple[httpx.AsyncClient, Runtime],
) -> None:
    client, runtime = no_projector
    await asyncio.to_thread(save_events, runtime, MAX_LAG * 2)
    lagging = await client.get("/readyz")
    assert lagging.status_code == 503
    assert lagging.json()["ready"] is False
    assert lagging.json()["projectionLag"] == MAX_LAG * 2
    assert (await client.get("/healthz")).status_code == 200, "alive all the same"

    await asyncio.to_thread(runtime.projector().catch_up)
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["projectionLag"] == 0


async def test_readiness_fails_while_a_migration_is_pending(
    no_projector: tuple[httpx.AsyncClient, Runtime], database: Database
) -> None:
    client, _ = no_projector
    assert (await client.get("/readyz")).status_code == 200
    with psycopg.connect(database.url) as conn:
        last = conn.execute(
            "DELETE FROM _yoyo_migration WHERE migration_id = (SELECT max(migration_id)"
            " FROM _yoyo_migration) RETURNING migration_id"
        ).fetchone()
    assert last is not None
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"]["pending"] == [last[0]]


async def test_readiness_fails_when_the_database_is_unreachable(
    no_projector: tuple[httpx.AsyncClient, Runtime],
) -> None:
    client, runtime = no_projector
    await runtime.pool.close()
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (await client.get("/healthz")).status_code == 200


async def test_readiness_answers_503_within_a_second_when_the_database_refuses_connections(
    no_projector: tuple[httpx.AsyncClient, Runtime], database: Database, maintenance_url: str
) -> None:
    client, _ = no_projector
    assert (await client.get("/readyz")).status_code == 200
    name = str(psycopg.conninfo.conninfo_to_dict(database.url)["dbname"])
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(psycopg.sql.Identifier(name)))
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    try:
        started = time.monotonic()
        response = await client.get("/readyz")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert elapsed < 1.0, f"/readyz took {elapsed:.2f} s"
    finally:
        with psycopg.connect(maintenance_url, autocommit=True) as conn:
            conn.execute(
                psycopg.sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(psycopg.sql.Identifier(name))
            )

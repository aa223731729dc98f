"""Fixtures of the reliability suite: one database seeded with the demo data
per module (read-mostly attacks share it), served in-process over ASGI."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql

from service.app import create_app
from service.config import Settings
from service.demo.seed import seed_demo
from service.runtime import Runtime
from service.store.database import Database, with_dbname
from tests.conftest import TEMPLATE, TEST_SECRET, _recreate


def reliability_settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=url,
        data_dir=data_dir,
        auth_hs256_secret=TEST_SECRET,  # type: ignore[arg-type]
        log_level="CRITICAL",
        read_your_writes_timeout_s=10.0,
        rate_limit_per_s=100_000.0,
        rate_limit_burst=100_000,
    )


@pytest.fixture(scope="module")
def seeded_database(maintenance_url: str, template_url: str) -> Iterator[Database]:
    name = f"t_rel_{uuid.uuid4().hex[:10]}"
    _recreate(maintenance_url, name, TEMPLATE)
    url = with_dbname(maintenance_url, name)
    yield Database(url=url, read_url=url, embedded=False)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def seeded_settings(seeded_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return reliability_settings(seeded_database.url, tmp_path_factory.mktemp("rel"))


@pytest.fixture(scope="module")
async def seeded_runtime(seeded_settings: Settings, seeded_database: Database) -> AsyncIterator[Runtime]:
    runtime = Runtime.build(seeded_settings, seeded_database)
    seed_demo(runtime)
    await runtime.open()
    runtime.start_projector()
    assert await runtime.wait_for_views(runtime.app.recorder.max_notification_id() or 0, 120)
    yield runtime
    await runtime.close()


@pytest.fixture(scope="module")
async def seeded_client(seeded_settings: Settings, seeded_runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(seeded_settings, seeded_runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as c:
            yield c

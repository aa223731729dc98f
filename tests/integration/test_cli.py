"""The CLI as other tools script it: real processes, real database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import psycopg

from service.access.auth import TokenVerifier
from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database
from tests.integration.processes import head, process_env, serving


def voortgang_run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_token_prints_only_a_token_that_the_development_service_accepts(tmp_path: Path) -> None:
    env = process_env("", tmp_path)
    del env["DATABASE_URL"], env["VOORTGANG_AUTH_HS256_SECRET"]
    done = voortgang_run("token", "--role", "gemeente", "--gemeente", "GM0307", "--name", "Gea Gemeente", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].count(".") == 2, done.stdout
    principal = TokenVerifier(Settings(data_dir=tmp_path)).verify(lines[0])
    assert (principal.roles, principal.gemeente, principal.name) == (frozenset({"gemeente"}), "GM0307", "Gea Gemeente")


def test_token_sets_the_gremia_and_projecten_a_role_needs(tmp_path: Path) -> None:
    env = process_env("", tmp_path)
    del env["DATABASE_URL"], env["VOORTGANG_AUTH_HS256_SECRET"]
    args = ("token", "--role", "secretaris", "--gremia", "zhz-ao,zhz-bo", "--role", "projectleider")
    done = voortgang_run(*args, "--projecten", "VOIT", env=env)
    assert done.returncode == 0, done.stderr
    principal = TokenVerifier(Settings(data_dir=tmp_path)).verify(done.stdout.strip())
    assert (principal.gremia, principal.projecten) == (frozenset({"zhz-ao", "zhz-bo"}), frozenset({"VOIT"}))


def test_token_uses_the_configured_secret(tmp_path: Path, settings: Settings) -> None:
    done = voortgang_run("token", "--role", "programmabureau", env=process_env("", tmp_path))
    assert done.returncode == 0, done.stderr
    assert TokenVerifier(settings).verify(done.stdout.strip()).roles == {"programmabureau"}


def test_migrate_reports_what_it_applied_and_is_a_no_op_at_head(empty_database_url: str, tmp_path: Path) -> None:
    env = process_env(empty_database_url, tmp_path)
    first = voortgang_run("migrate", env=env)
    assert first.returncode == 0, first.stderr
    assert "0001.event-store" in first.stdout
    again = voortgang_run("migrate", env=env)
    assert again.stdout.strip() == "0 migration(s) applied; at head"


def gql(base: str, token: str, query: str) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_serve_demo_loads_the_demo_data_into_an_empty_store_once(database: Database, tmp_path: Path) -> None:
    env = process_env(database.url, tmp_path)
    token = voortgang_run("token", "--role", "programmabureau", env=env).stdout.strip()
    log = tmp_path / "serve.log"
    with serving(database.url, tmp_path, log, "--demo") as (base, _):
        seeded = head(database.url)
        assert seeded > 0
        regios = gql(base, token, f"{{ regios(minPosition: {seeded}) {{ code }} }}")
        assert "amersfoort" in [r["code"] for r in regios["regios"]]
    with serving(database.url, tmp_path, log, "--demo"):
        assert head(database.url) == seeded, "a store that is not empty gets no demo data"


def test_seed_if_empty_seeds_an_empty_store_and_leaves_a_filled_one_alone(sync_runtime: Runtime) -> None:
    from service.cli import seed_if_empty

    seed_if_empty(sync_runtime)
    seeded = sync_runtime.app.recorder.max_notification_id()
    assert seeded
    seed_if_empty(sync_runtime)
    assert sync_runtime.app.recorder.max_notification_id() == seeded
    with psycopg.connect(sync_runtime.database.url) as conn:
        assert conn.execute("SELECT count(*) FROM voortgang_events").fetchone() == (seeded,)

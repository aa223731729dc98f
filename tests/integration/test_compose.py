"""Docker does not run here: check docker-compose.yml and the Dockerfile against
the settings the code reads, so that a renamed setting breaks this test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from psycopg import conninfo as pg_conninfo
from pydantic import AliasChoices

from service.config import Settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
OPERATOR_ENV = {
    "VOORTGANG_AUTH_ISSUER": "https://login.example.nl/",
    "VOORTGANG_AUTH_JWKS_URL": "https://login.example.nl/jwks.json",
    "VOORTGANG_AUDIT_KEY": "an-audit-key-kept-outside-the-database",
}
# What a Docker secret may hold: every character that means something in a URL.
SECRET_PASSWORD = "p@ss:w/o?r#d[x]%41 &=+$!'\"\\;,é"
CORE_SERVICES = {"postgres", "api", "projector"}
PROFILED_SERVICES = {"postgres-replica": "replica", "proxy": "tls"}


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ``${X}``, ``${X:-default}`` and ``${X:?error}``."""

    def replace(m: re.Match[str]) -> str:
        name, op, arg = m["name"], m["op"] or "", m["arg"] or ""
        if env.get(name):
            return env[name]
        if op.endswith("?"):
            raise KeyError(f"{name} must be set: {arg}")
        return arg if op.endswith("-") else ""

    return VARIABLE.sub(replace, value)


def service_env(service: str, env: dict[str, str]) -> dict[str, str]:
    raw = compose()["services"][service].get("environment", {})
    assert isinstance(raw, dict), "environment as a mapping, so anchors merge"
    return {str(k): interpolate(str(v), env) for k, v in raw.items()}


def accepted_env_names() -> set[str]:
    names = set()
    for name, info in Settings.model_fields.items():
        names.add(f"VOORTGANG_{name.upper()}")
        if isinstance(info.validation_alias, AliasChoices):
            names.update(str(c) for c in info.validation_alias.choices)
    return names


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, secrets_dir: Path | None = None) -> Settings:
    """Settings as the container sees them; ``/run/secrets/`` is ``secrets_dir``."""
    import os

    for name in list(os.environ):
        if name.startswith(("VOORTGANG_", "DATABASE_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        mounted = secrets_dir is not None and value.startswith("/run/secrets/")
        monkeypatch.setenv(
            name, str(secrets_dir / value.removeprefix("/run/secrets/")) if secrets_dir and mounted else value
        )
    return Settings()


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    """The compose file's secrets, as files, the way Docker mounts them."""
    for name in compose()["secrets"]:
        (tmp_path / name).write_text(SECRET_PASSWORD + "\n")
    return tmp_path


def test_compose_defines_postgres_api_and_projector_with_restart_policies() -> None:
    services = compose()["services"]
    assert {n for n, s in services.items() if not s.get("profiles")} == CORE_SERVICES
    assert {n: s["profiles"] for n, s in services.items() if s.get("profiles")} == {
        n: [profile] for n, profile in PROFILED_SERVICES.items()
    }
    for name, service in services.items():
        assert service.get("restart") in {"unless-stopped", "always"}, name
        assert "healthcheck" in service, name


def test_postgres_is_the_official_image_with_a_named_volume_and_a_healthcheck() -> None:
    data = compose()
    pg = data["services"]["postgres"]
    # an exact release (docs/operations.md: pinning to a digest as well)
    assert re.fullmatch(r"postgres:\d+\.\d+(-[a-z]+)?(@sha256:[0-9a-f]{64})?", pg["image"])
    volume, _, mount = pg["volumes"][0].partition(":")
    assert volume in data["volumes"] and mount.startswith("/var/lib/postgresql")
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])


def test_api_serves_on_all_interfaces_without_a_projector_and_checks_readiness() -> None:
    api = compose()["services"]["api"]
    assert api["command"][:3] == ["serve", "--host", "0.0.0.0"]  # noqa: S104 - inside its container
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert api["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert service_env("api", OPERATOR_ENV)["VOORTGANG_RUN_PROJECTOR"] == "false"


def test_the_projector_runs_voortgang_project_from_the_same_image() -> None:
    services = compose()["services"]
    assert services["projector"]["command"] == ["project"]
    assert services["projector"]["image"] == services["api"]["image"]
    assert services["projector"]["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["api", "projector"])
def test_every_variable_compose_sets_is_a_setting_the_code_reads(service: str) -> None:
    names = {n for n in service_env(service, OPERATOR_ENV) if n.startswith(("VOORTGANG_", "DATABASE_"))}
    unknown = names - accepted_env_names()
    assert not unknown, f"docker-compose.yml sets variables that Settings does not read: {sorted(unknown)}"


@pytest.mark.parametrize("service", ["api", "projector"])
def test_the_compose_environment_gives_complete_production_settings(
    service: str, monkeypatch: pytest.MonkeyPatch, secrets_dir: Path
) -> None:
    settings = settings_from(service_env(service, OPERATOR_ENV), monkeypatch, secrets_dir)
    assert settings.production
    assert settings.production_problems() == []
    assert settings.database_url is not None and "@postgres:5432/voortgang" in settings.database_url
    assert pg_conninfo.conninfo_to_dict(settings.database_url)["password"] == SECRET_PASSWORD
    assert settings.auth_issuer == OPERATOR_ENV["VOORTGANG_AUTH_ISSUER"]
    assert "HS256" not in settings.auth_algorithms
    assert settings.run_projector is (service == "projector")


def test_compose_refuses_to_start_without_the_operators_identity_provider() -> None:
    with pytest.raises(KeyError, match="VOORTGANG_AUTH_ISSUER"):
        service_env("api", {})


def test_the_database_password_is_a_docker_secret_never_an_environment_variable() -> None:
    data = compose()
    assert set(data["secrets"]) == {"postgres_password"}
    assert data["secrets"]["postgres_password"]["file"].endswith("/postgres_password")
    for name, service in data["services"].items():
        env = {k: str(v) for k, v in (service.get("environment") or {}).items()}
        assert "POSTGRES_PASSWORD" not in env and "DATABASE_PASSWORD" not in env, name
        assert not any(":" in url.split("@")[0].removeprefix("postgresql://") for url in env.values() if "@" in url)
    assert data["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    for name in ("postgres", "postgres-replica", "api", "projector"):
        assert data["services"][name]["secrets"] == ["postgres_password"], name


def test_the_dockerfile_is_multi_stage_and_runs_as_a_non_root_user() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.MULTILINE)) >= 2
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^COPY migrations ", text, re.MULTILINE), "migrations/ must be in the image"
    assert "/healthz" in text
    assert re.search(r'^ENTRYPOINT \["voortgang"\]', text, re.MULTILINE)


def test_every_service_has_bounded_logs_and_resource_limits() -> None:
    for name, service in compose()["services"].items():
        logging = service["logging"]
        assert logging["driver"] == "json-file", name
        assert logging["options"]["max-size"] and int(logging["options"]["max-file"]) >= 1, name
        limits = service["deploy"]["resources"]["limits"]
        assert limits.get("cpus") and limits.get("memory"), name


def test_our_image_is_always_built_here_and_others_are_pinned_releases() -> None:
    services = compose()["services"]
    for name, service in services.items():
        if "build" in service:
            assert service["pull_policy"] == "build", f"{name} would be looked for on a registry"
            assert service["image"].startswith("voortgang:"), name
        else:
            assert service["pull_policy"] == "missing", name
            assert re.fullmatch(r"[a-z]+:\d+\.\d+(\.\d+)?(-[a-z]+)?(@sha256:[0-9a-f]{64})?", service["image"]), name
    assert services["api"]["build"] == services["projector"]["build"] == "."


def test_metrics_stay_inside_the_compose_network_and_the_projector_health_uses_them() -> None:
    services = compose()["services"]
    for name in ("api", "projector"):
        assert service_env(name, OPERATOR_ENV)["VOORTGANG_METRICS_PORT"] == "9100"
        assert "9100" in services[name]["expose"]
        assert not any("9100" in str(p) for p in services[name].get("ports", [])), name
    assert services["api"]["ports"] == ["${VOORTGANG_PUBLISH_ADDRESS:-127.0.0.1}:${VOORTGANG_PUBLISH_PORT:-8000}:8000"]
    assert "127.0.0.1:9100/healthz" in " ".join(services["projector"]["healthcheck"]["test"])


def test_the_replica_profile_streams_from_the_primary_with_the_same_settings(
    monkeypatch: pytest.MonkeyPatch, secrets_dir: Path
) -> None:
    services = compose()["services"]
    primary, replica = services["postgres"], services["postgres-replica"]
    for key in ("image", "pull_policy", "restart", "logging", "deploy", "shm_size", "secrets"):
        assert replica[key] == primary[key], key
    assert replica["volumes"][0].split(":")[0] != primary["volumes"][0].split(":")[0], "a data volume of its own"
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_is_in_recovery" in " ".join(replica["healthcheck"]["test"])
    script = (ROOT / "deploy/postgres/replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in script and "--write-recovery-conf" in script and "hot_standby=on" in script
    mounted = {v.split(":")[1] for v in replica["volumes"][1:]}
    assert replica["entrypoint"][0] in mounted
    init = [v for v in primary["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and "host replication" in (ROOT / init[0].split(":")[0]).read_text()
    # The API reads from it once DATABASE_READ_URL names it; the password is the same secret.
    read_url = "postgresql://voortgang@postgres-replica:5432/voortgang?connect_timeout=5"
    settings = settings_from(
        service_env("api", {**OPERATOR_ENV, "DATABASE_READ_URL": read_url}), monkeypatch, secrets_dir
    )
    assert settings.database_read_url is not None and "@postgres-replica:5432/" in settings.database_read_url
    assert pg_conninfo.conninfo_to_dict(settings.database_read_url)["password"] == SECRET_PASSWORD
    without = settings_from(service_env("api", OPERATOR_ENV), monkeypatch, secrets_dir)
    assert not without.database_read_url  # reads on the primary


def test_the_tls_profile_terminates_tls_with_hsts_in_front_of_the_api() -> None:
    proxy = compose()["services"]["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert proxy["depends_on"]["api"]["condition"] == "service_healthy"
    caddyfile = (ROOT / proxy["volumes"][0].split(":")[0]).read_text()
    assert "Strict-Transport-Security" in caddyfile and "max-age=31536000" in caddyfile
    assert "reverse_proxy api:8000" in caddyfile
    assert re.search(r"handle /metrics\*\s*\{\s*respond 404", caddyfile)

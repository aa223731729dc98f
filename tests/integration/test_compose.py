"""Docker does not run here: check docker-compose.yml and the Dockerfile against
the settings the code reads, so that a renamed setting breaks this test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices

from service.config import Settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
OPERATOR_ENV = {
    "POSTGRES_PASSWORD": "s3cret",
    "VOORTGANG_AUTH_ISSUER": "https://login.example.nl/",
    "VOORTGANG_AUTH_JWKS_URL": "https://login.example.nl/jwks.json",
    "VOORTGANG_AUDIT_KEY": "an-audit-key-kept-outside-the-database",
}


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


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    import os

    for name in list(os.environ):
        if name.startswith(("VOORTGANG_", "DATABASE_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_compose_defines_postgres_api_and_projector_with_restart_policies() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "api", "projector"}
    for name, service in services.items():
        assert service.get("restart") in {"unless-stopped", "always"}, name
        assert "healthcheck" in service, name


def test_postgres_is_the_official_image_with_a_named_volume_and_a_healthcheck() -> None:
    data = compose()
    pg = data["services"]["postgres"]
    assert re.fullmatch(r"postgres:\d+(\.\d+)?", pg["image"])
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
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_from(service_env(service, OPERATOR_ENV), monkeypatch)
    assert settings.production
    assert settings.production_problems() == []
    assert settings.database_url is not None and "@postgres:5432/voortgang" in settings.database_url
    assert settings.auth_issuer == OPERATOR_ENV["VOORTGANG_AUTH_ISSUER"]
    assert "HS256" not in settings.auth_algorithms
    assert settings.run_projector is (service == "projector")


def test_compose_refuses_to_start_without_the_operators_secrets() -> None:
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD"):
        service_env("api", {})


def test_the_dockerfile_is_multi_stage_and_runs_as_a_non_root_user() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.MULTILINE)) >= 2
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^COPY migrations ", text, re.MULTILINE), "migrations/ must be in the image"
    assert "/healthz" in text
    assert re.search(r'^ENTRYPOINT \["voortgang"\]', text, re.MULTILINE)

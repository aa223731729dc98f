"""Configuration from the environment (see the table in README.md)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("voortgang"))


class Settings(BaseSettings):
    """Every setting the service reads; env names are ``VOORTGANG_<NAME>``
    except ``DATABASE_URL`` and ``DATABASE_READ_URL``."""

    model_config = SettingsConfigDict(env_prefix="VOORTGANG_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "VOORTGANG_DATABASE_URL")
    )
    database_read_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_READ_URL", "VOORTGANG_DATABASE_READ_URL"),
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"

    db_pool_size: int = 8
    db_connect_timeout_s: float = 5.0
    db_statement_timeout_ms: int = 15_000
    db_lock_timeout_s: int = 5

    run_projector: bool = True
    readiness_max_lag: int = 1_000
    read_your_writes_timeout_s: float = 5.0
    stale_after_weeks: int = 8

    auth_issuer: str = "voortgang-dev"
    auth_audience: str = "voortgang"
    auth_hs256_secret: SecretStr | None = None
    auth_jwks_url: str | None = None
    auth_public_key_pem: str | None = None
    auth_algorithms: list[str] = Field(default_factory=lambda: ["HS256", "RS256", "ES256"])

    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = 1_000_000
    rate_limit_per_s: float = 20.0
    rate_limit_burst: int = 100
    otel: bool = False
    response_cache_entries: int = 512
    compiled_reads: bool = True

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def production_problems(self) -> list[str]:
        """What is missing to run in production (empty when all is set)."""
        if not self.production:
            return []
        problems = []
        if not self.database_url:
            problems.append("DATABASE_URL is required in production (no embedded PostgreSQL)")
        if not (self.auth_jwks_url or self.auth_public_key_pem or self.auth_hs256_secret):
            problems.append(
                "a token key is required: VOORTGANG_AUTH_JWKS_URL, VOORTGANG_AUTH_PUBLIC_KEY_PEM"
                " or VOORTGANG_AUTH_HS256_SECRET"
            )
        return problems

    @cached_property
    def hs256_secret(self) -> str | None:
        """The HS256 secret: configured, or in development a random one kept in
        the data folder so that ``voortgang token`` and ``serve`` agree."""
        if self.auth_hs256_secret is not None:
            return self.auth_hs256_secret.get_secret_value()
        if self.production:
            return None
        path = self.data_dir / "dev-jwt-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


def env_names() -> dict[str, str]:
    """Each setting's environment variable, by field name (README table, compose test)."""
    names = {}
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names[name] = str(alias.choices[0])
        else:
            names[name] = f"VOORTGANG_{name.upper()}"
    return names

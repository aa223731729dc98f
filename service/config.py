"""Configuration from the environment (see the table in README.md)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.secrets import SECRET_FILES, SECRET_VALUES, read_secret_file, with_password


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
    database_url_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL_FILE", "VOORTGANG_DATABASE_URL_FILE")
    )
    database_read_url_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_READ_URL_FILE", "VOORTGANG_DATABASE_READ_URL_FILE")
    )
    database_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_PASSWORD", "VOORTGANG_DATABASE_PASSWORD")
    )
    database_password_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_PASSWORD_FILE", "VOORTGANG_DATABASE_PASSWORD_FILE")
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    db_pool_size: int = 8
    db_connect_timeout_s: float = 5.0
    db_statement_timeout_ms: int = 15_000
    db_lock_timeout_s: int = 5
    aggregate_cache_size: int = 1_000
    """Aggregates kept in memory per process, fast-forwarded from the store before
    every use (docs/decisions.md, "write cost flat in history"); 0 turns the cache off."""

    run_projector: bool = True
    readiness_max_lag: int = 1_000
    read_your_writes_timeout_s: float = 5.0
    stale_after_weeks: int = 8

    auth_issuer: str = "voortgang-dev"
    auth_audience: str = "voortgang"
    auth_hs256_secret: SecretStr | None = None
    auth_hs256_secret_file: Path | None = None
    auth_jwks_url: str | None = None
    auth_public_key_pem: str | None = None
    auth_algorithms: list[str] = Field(default_factory=lambda: ["HS256", "RS256", "ES256"])

    audit_key: SecretStr | None = None
    audit_key_file: Path | None = None

    cors_origins: list[str] = Field(default_factory=list)
    trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses of reverse proxies whose ``X-Forwarded-Proto`` is believed (HSTS); ``*`` = any."""
    max_body_bytes: int = 1_000_000
    rate_limit_per_s: float = 20.0
    rate_limit_burst: int = 100
    rate_limit_lease: int = Field(default=20, ge=1)
    """Tokens an API process leases from a principal's shared bucket per round trip (1: one per request)."""
    otel: bool = False
    metrics_port: int | None = None
    response_cache_entries: int = 512
    compiled_reads: bool = True

    @model_validator(mode="after")
    def _secrets_from_files_and_parts(self) -> Settings:
        """``*_FILE`` settings (Docker secrets) are read into their setting, and
        ``DATABASE_PASSWORD`` is put into the database URLs, escaped."""
        for target, source in SECRET_FILES.items():
            path = getattr(self, source)
            if path is None:
                continue
            if getattr(self, target) is not None:
                raise ValueError(f"give {env_name(target)} or {env_name(source)}, not both")
            value = read_secret_file(path, env_name(source))
            setattr(self, target, SecretStr(value) if target in SECRET_VALUES else value)
        if self.database_password is not None:
            password = self.database_password.get_secret_value()
            if self.database_url:
                self.database_url = with_password(self.database_url, password, "DATABASE_URL")
            if self.database_read_url:
                self.database_read_url = with_password(self.database_read_url, password, "DATABASE_READ_URL")
        return self

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
        if self.audit_key is None:
            problems.append("VOORTGANG_AUDIT_KEY is required in production (it signs the event store's checkpoints)")
        return problems

    @cached_property
    def audit_key_bytes(self) -> bytes | None:
        """The key of the audit checkpoints (``service.tamper``): configured, or in
        development a random one kept in the data folder (never in the database)."""
        if self.audit_key is not None:
            return self.audit_key.get_secret_value().encode()
        if self.production:
            return None
        return self._dev_secret("dev-audit-key").encode()

    def _dev_secret(self, name: str) -> str:
        path = self.data_dir / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    @cached_property
    def hs256_secret(self) -> str | None:
        """The HS256 secret: configured, or in development a random one kept in
        the data folder so that ``voortgang token`` and ``serve`` agree."""
        if self.auth_hs256_secret is not None:
            return self.auth_hs256_secret.get_secret_value()
        if self.production:
            return None
        return self._dev_secret("dev-jwt-secret")


def env_name(field: str) -> str:
    """The environment variable of one setting."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"VOORTGANG_{field.upper()}"


def env_names() -> dict[str, str]:
    """Each setting's environment variable, by field name (README table, compose test)."""
    return {name: env_name(name) for name in Settings.model_fields}

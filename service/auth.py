"""Bearer JWT verification (PyJWT) and the principal a request acts as.

Development: HS256 with a secret (configured, or generated into the data
folder). Production: RS256/ES256 keys from a JWKS URL or a PEM. Issuer,
audience and expiry are always checked; ``alg: none`` is never accepted.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

from service.config import Settings

ROLES = ("gemeente", "programmabureau", "overleg", "auditor", "secretaris", "projectleider")


class AuthError(Exception):
    """The request carries no valid token; the message says why (HTTP 401)."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as, from the token's claims."""

    actor_id: str
    name: str
    roles: frozenset[str]
    gemeente: str | None = None
    gremia: frozenset[str] = field(default_factory=frozenset)
    projecten: frozenset[str] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role(self) -> str:
        """The principal's main role, for logs and the audit trail."""
        for role in ROLES:
            if role in self.roles:
                return role
        return "onbekend"

    @property
    def key(self) -> str:
        """A stable key for rate limits and idempotency."""
        return self.actor_id


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._pem = settings.auth_public_key_pem

    def _key_and_algorithms(self, token: str) -> tuple[Any, list[str]]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("het token is geen geldig JWT") from exc
        alg = str(header.get("alg", ""))
        allowed = [a for a in self.settings.auth_algorithms if a.lower() != "none"]
        if alg not in allowed:
            raise AuthError(f"algoritme {alg or 'none'} wordt niet geaccepteerd")
        if alg.startswith("HS"):
            secret = self.settings.hs256_secret
            if not secret:
                raise AuthError("HS256-tokens worden hier niet geaccepteerd")
            return secret, [alg]
        if self._jwks is not None:
            try:
                return self._jwks.get_signing_key_from_jwt(token).key, [alg]
            except jwt.PyJWTError as exc:
                raise AuthError("geen sleutel gevonden voor dit token") from exc
        if self._pem:
            return self._pem, [alg]
        raise AuthError(f"geen sleutel ingesteld voor {alg}")

    def verify(self, token: str) -> Principal:
        key, algorithms = self._key_and_algorithms(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.auth_audience,
                issuer=self.settings.auth_issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("het token is verlopen") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthError("het token is voor een andere audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise AuthError("het token is van een andere uitgever") from exc
        except jwt.PyJWTError as exc:
            raise AuthError(f"ongeldig token: {exc}") from exc
        return principal_from_claims(claims)


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    roles = claims.get("roles", [])
    if isinstance(roles, str):
        roles = [roles]
    known = frozenset(r for r in roles if r in ROLES)
    if not known:
        raise AuthError("het token bevat geen bekende rol")
    gemeente = claims.get("gemeente")
    if "gemeente" in known and not gemeente:
        raise AuthError("een gemeente-token moet een gemeentecode bevatten")
    return Principal(
        actor_id=str(claims["sub"]),
        name=str(claims.get("name", claims["sub"])),
        roles=known,
        gemeente=str(gemeente) if gemeente else None,
        gremia=frozenset(str(g) for g in claims.get("gremia", [])),
        projecten=frozenset(str(p) for p in claims.get("projecten", [])),
    )


def issue_development_token(
    settings: Settings,
    *,
    roles: list[str],
    name: str,
    gemeente: str | None = None,
    subject: str | None = None,
    ttl_s: int = 12 * 3600,
    extra: dict[str, Any] | None = None,
) -> str:
    secret = settings.hs256_secret
    if not secret:
        raise AuthError("geen HS256-geheim: development-tokens kunnen hier niet worden uitgegeven")
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject or f"dev-{uuid.uuid5(uuid.NAMESPACE_URL, name + (gemeente or ''))}",
        "name": name,
        "roles": roles,
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl_s,
    }
    if gemeente:
        claims["gemeente"] = gemeente
    claims.update(extra or {})
    return jwt.encode(claims, secret, algorithm="HS256")

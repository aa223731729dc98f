"""Bearer JWT verification (PyJWT) and the principal a request acts as.

Development: HS256 with a secret (configured, or generated into the data
folder). Production: RS256/ES256 keys from a JWKS URL or a PEM. Issuer,
audience and expiry are always checked; ``alg: none`` is never accepted.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any, Literal

import jwt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
)

from domain.principal import ROLES, Principal
from service.config import Settings

Role = Literal["gemeente", "programmabureau", "overleg", "auditor", "secretaris", "projectleider"]
GEMEENTE_CODE = r"^GM[0-9]{4}$"
"""A CBS gemeentecode; it must also exist in the store's regio data (``service.tokens``)."""

ROLE_CLAIMS: dict[str, tuple[str, ...]] = {
    "gemeente": ("gemeente",),
    "secretaris": ("gremia",),
    "projectleider": ("projecten",),
    "programmabureau": (),
    "overleg": (),
    "auditor": (),
}
"""The claims each role needs besides ``sub``/``roles``/``exp`` (docs/api.md, ``voortgang token --help``)."""


class AuthError(Exception):
    """The request carries no valid token (HTTP 401): the message says why in
    Dutch, ``code`` is the stable reason code, ``claim`` the claim at fault."""

    def __init__(self, message: str, code: str = "TOKEN_INVALID", claim: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.claim = claim

    def problem_extra(self) -> dict[str, str]:
        """The fields this error adds to its problem+json answer."""
        return {"code": self.code} | ({"claim": self.claim} if self.claim else {})


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._pem = settings.auth_public_key_pem

    def _key_and_algorithms(self, token: str) -> tuple[Any, list[str]]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("het token is geen geldig JWT", "TOKEN_MALFORMED") from exc
        alg = str(header.get("alg", ""))
        allowed = [a for a in self.settings.auth_algorithms if a.lower() != "none"]
        if alg not in allowed:
            raise AuthError(f"algoritme {alg or 'none'} wordt niet geaccepteerd", "TOKEN_ALGORITHM")
        if alg.startswith("HS"):
            secret = self.settings.hs256_secret
            if not secret:
                raise AuthError("HS256-tokens worden hier niet geaccepteerd", "TOKEN_ALGORITHM")
            return secret, [alg]
        if self._jwks is not None:
            try:
                return self._jwks.get_signing_key_from_jwt(token).key, [alg]
            except jwt.PyJWTError as exc:
                raise AuthError("geen sleutel gevonden voor dit token", "TOKEN_KEY_UNKNOWN") from exc
        if self._pem:
            return self._pem, [alg]
        raise AuthError(f"geen sleutel ingesteld voor {alg}", "TOKEN_KEY_UNKNOWN")

    def verify(self, token: str) -> Principal:
        key, algorithms = self._key_and_algorithms(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.auth_audience,
                issuer=self.settings.auth_issuer,
                # Times are checked below, after the strict model has typed them.
                options={
                    "require": ["exp", "iss", "aud", "sub"],
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidAudienceError as exc:
            raise AuthError("het token is voor een andere audience", "TOKEN_AUDIENCE", "aud") from exc
        except jwt.InvalidIssuerError as exc:
            raise AuthError("het token is van een andere uitgever", "TOKEN_ISSUER", "iss") from exc
        except jwt.PyJWTError as exc:
            raise AuthError(f"ongeldig token: {exc}", "TOKEN_INVALID") from exc
        return principal_from_claims(claims, now=time.time())


Number = Annotated[StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)], Field(ge=0)]
Code = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
GemeenteCode = Annotated[StrictStr, StringConstraints(pattern=GEMEENTE_CODE)]


class Claims(BaseModel):
    """The claims a token may carry, strictly typed: no coercion (``"123"`` is
    not a number, ``"gemeente"`` is not a list, ``true`` is not a code).
    Other claims (``jti``, an identity provider's own) are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    sub: Annotated[StrictStr, StringConstraints(min_length=1, max_length=256)]
    name: Annotated[StrictStr, StringConstraints(max_length=256)] | None = None
    roles: Annotated[list[Role], Field(min_length=1, max_length=len(ROLES))]
    exp: Number
    iat: Number | None = None
    nbf: Number | None = None
    gemeente: GemeenteCode | None = None
    gremia: Annotated[list[Code], Field(max_length=100)] = []
    projecten: Annotated[list[Code], Field(max_length=100)] = []


def _claim_error(exc: ValidationError) -> AuthError:
    first = exc.errors()[0]
    loc = first["loc"]
    claim = str(loc[0]) if loc else "?"
    if first["type"] == "missing":
        return AuthError(f"het token mist de claim {claim}", "TOKEN_CLAIM_MISSING", claim)
    if claim == "roles" and len(loc) > 1 and first["type"] == "literal_error":
        return AuthError("het token bevat een onbekende rol (claim roles)", "TOKEN_UNKNOWN_ROLE", claim)
    return AuthError(f"de claim {claim} van het token is ongeldig", "TOKEN_CLAIM_INVALID", claim)


LEEWAY_S = 30
"""Clock skew allowed between the identity provider and this service."""


def _check_times(claims: Claims, now: float) -> None:
    if claims.exp <= now - LEEWAY_S:
        raise AuthError("het token is verlopen", "TOKEN_EXPIRED", "exp")
    if claims.nbf is not None and claims.nbf > now + LEEWAY_S:
        raise AuthError("het token is nog niet geldig", "TOKEN_NOT_YET_VALID", "nbf")
    if claims.iat is not None and claims.iat > now + LEEWAY_S:
        raise AuthError("het token is uitgegeven in de toekomst", "TOKEN_NOT_YET_VALID", "iat")


def principal_from_claims(raw: dict[str, Any], now: float | None = None) -> Principal:
    """The principal of signature-checked claims, or :class:`AuthError` (401)
    naming the claim. Whether the codes exist is checked by ``service.tokens``."""
    try:
        claims = Claims.model_validate(raw)
    except ValidationError as exc:
        raise _claim_error(exc) from None
    _check_times(claims, time.time() if now is None else now)
    roles = frozenset(claims.roles)
    for role in sorted(roles):
        for claim in ROLE_CLAIMS[role]:
            if not getattr(claims, claim):
                raise AuthError(f"de rol {role} vereist de claim {claim}", "TOKEN_CLAIM_MISSING", claim)
    return Principal(
        actor_id=claims.sub,
        name=claims.name if claims.name is not None else claims.sub,
        roles=roles,
        gemeente=claims.gemeente,
        gremia=frozenset(claims.gremia),
        projecten=frozenset(claims.projecten),
    )


def development_claims(
    settings: Settings,
    *,
    roles: list[str],
    name: str,
    gemeente: str | None = None,
    subject: str | None = None,
    ttl_s: int = 12 * 3600,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The claims of a development token (not yet checked: tests make bad ones on purpose)."""
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
    return claims


def sign_development_claims(settings: Settings, claims: dict[str, Any]) -> str:
    secret = settings.hs256_secret
    if not secret:
        raise AuthError("geen HS256-geheim: development-tokens kunnen hier niet worden uitgegeven", "TOKEN_KEY_UNKNOWN")
    return jwt.encode(claims, secret, algorithm="HS256")


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
    claims = development_claims(
        settings, roles=roles, name=name, gemeente=gemeente, subject=subject, ttl_s=ttl_s, extra=extra
    )
    return sign_development_claims(settings, claims)

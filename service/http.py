"""HTTP plumbing: request ids and access logs, the API-Version and security
headers (CSP always, HSTS over TLS: ``service/edge/headers.py``), body size
limits, and RFC 9457 ``application/problem+json`` answers: Dutch title, a
stable ``code``, ``instance`` = the request id."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import API_VERSION
from service.edge.headers import API_CSP, HSTS, over_tls

log = logging.getLogger("voortgang.http")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet geauthenticeerd",
    403: "Geweigerd",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Dienst niet beschikbaar",
}
CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


def problem(status: int, title: str, detail: str, request_id: str = "", **extra: Any) -> JSONResponse:
    """A problem+json answer. The title is the Dutch one of the status
    (``title`` is used only for a status without one); ``code`` defaults to
    the status's code."""
    code = extra.pop("code", None) or CODES.get(status, "HTTP_ERROR")
    body = {"type": "about:blank", "title": TITLES.get(status, title), "status": status, "detail": detail}
    body |= {"code": code, **extra}
    if request_id:
        body["instance"] = f"urn:request:{request_id}"
    response = JSONResponse(body, status_code=status, media_type="application/problem+json")
    if status == 401:
        response.headers["www-authenticate"] = "Bearer"
    return response


class RequestContextMiddleware:
    """Request id (from ``X-Request-ID`` or new), access log, common headers."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str] = ()) -> None:
        self.app = app
        self.trusted_proxies = tuple(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 0
        tls = [(b"strict-transport-security", HSTS.encode())] if over_tls(scope, self.trusted_proxies) else []

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                extra = [
                    (b"x-request-id", request_id.encode()),
                    (b"api-version", API_VERSION.encode()),
                    *SECURITY_HEADERS,
                ]
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    extra.append((b"content-security-policy", API_CSP.encode()))
                message["headers"] = headers + extra + tls
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            if scope["type"] == "http" and scope.get("path") not in ("/healthz",):
                log.info(
                    "http.request",
                    extra={
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            structlog.contextvars.unbind_contextvars("request_id", "principal")


class BodySizeLimitMiddleware:
    """Refuse request bodies above the limit with 413 before reading them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        request_id = scope.get("state", {}).get("request_id", "")
        detail = f"het verzoek is groter dan {self.max_bytes} bytes"
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await problem(413, "Payload Too Large", detail, request_id)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLargeError:
            await problem(413, "Payload Too Large", detail, request_id)(scope, receive, send)


class BodyTooLargeError(Exception):
    pass

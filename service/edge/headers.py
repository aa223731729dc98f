"""Security headers (NLGov API design rules): a strict Content-Security-Policy
on every response, a page-specific one for the GraphiQL page, and HSTS when the
request arrived over TLS (directly, or per a trusted proxy's X-Forwarded-Proto)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.types import Scope

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HSTS = "max-age=31536000; includeSubDomains"

_INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_EXTERNAL = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_csp(html: str) -> str:
    """The CSP of an HTML page we serve (GraphiQL): its own inline scripts and
    styles by hash, the external origins it loads from, ``'self'`` (so assets
    served locally work too), requests only to this origin, no framing."""
    scripts, styles = ["'self'"], ["'self'"]
    for kind, attrs, body in _INLINE.findall(html):
        if "src=" in (attrs or "").lower():
            continue
        (scripts if kind.lower() == "script" else styles).append(_sha256(body))
    origins = sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in _EXTERNAL.findall(html)})
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*scripts, *origins]),
            "style-src " + " ".join([*styles, *origins]),
            "img-src 'self' data:",
            "font-src 'self' data: " + " ".join(origins),
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    ).replace("  ", " ")


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def over_tls(scope: Scope, trusted_proxies: Sequence[str]) -> bool:
    """Served over HTTPS: the ASGI scheme says so, or a trusted proxy does
    (``X-Forwarded-Proto: https`` from an address in ``trusted_proxies``; ``*`` trusts any)."""
    if str(scope.get("scheme")) in ("https", "wss"):
        return True
    if not trusted_proxies or ("*" not in trusted_proxies and _client(scope) not in trusted_proxies):
        return False
    for key, value in scope.get("headers") or []:
        if key == b"x-forwarded-proto":
            return bytes(value).decode("latin-1").split(",")[0].strip().lower() == "https"
    return False

"""A GraphQL-over-HTTP request body, checked before GraphQL sees it. Every
refusal is a :class:`Refusal` with an HTTP status and a stable ``code``:

* ``UNSUPPORTED_MEDIA_TYPE`` (415) — not ``application/json``, or a charset other than UTF-8;
* ``INVALID_ENCODING`` (400) — the body is not valid UTF-8;
* ``INVALID_JSON`` (400) — the body is not JSON (also: a lone surrogate in a string escape);
* ``NESTING_TOO_DEEP`` (400) — JSON nested deeper than :data:`MAX_JSON_DEPTH`
  (orjson stops at 1024 levels without recursing, we stop the rest here);
* ``INVALID_REQUEST`` (400) — the body is not an object, ``query`` is missing or not
  a string, ``variables``/``extensions`` not an object, ``operationName`` not a string;
* ``NOT_ACCEPTABLE`` (406) — the ``Accept`` header allows no JSON response;
* ``METHOD_NOT_ALLOWED`` (405) — a GraphQL request over GET (only POST executes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

MAX_JSON_DEPTH = 32
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class Refusal(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class GraphQLBody:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def check_content_type(value: str) -> None:
    media, _, params = value.partition(";")
    if media.strip().lower() != JSON:
        raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", f"stuur de GraphQL-aanvraag als {JSON}")
    for param in params.split(";"):
        key, _, charset = param.partition("=")
        if key.strip().lower() == "charset" and charset.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", "alleen de tekenset utf-8 wordt ondersteund")


def depth_of(value: Any, limit: int) -> int:
    """The nesting depth of a JSON value, without recursion; stops past ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = current.values() if isinstance(current, dict) else current
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def decode(body: bytes) -> Any:
    if not body.strip():
        raise Refusal(400, "INVALID_REQUEST", "de body is leeg; stuur een JSON-object met `query`")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(400, "INVALID_ENCODING", f"de body is geen geldige utf-8 (byte {exc.start})") from None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):
            raise Refusal(400, "NESTING_TOO_DEEP", f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus") from None
        raise Refusal(400, "INVALID_JSON", f"de body is geen geldige JSON (positie {exc.pos})") from None


def graphql_body(body: bytes) -> GraphQLBody:
    data = decode(body)
    if not isinstance(data, dict):
        raise Refusal(400, "INVALID_REQUEST", "de body moet een JSON-object zijn met `query`")
    if depth_of(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise Refusal(400, "NESTING_TOO_DEEP", f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        raise Refusal(400, "INVALID_REQUEST", "`query` ontbreekt of is geen tekst")
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise Refusal(400, "INVALID_REQUEST", "`operationName` moet tekst of null zijn")
    variables, extensions = data.get("variables"), data.get("extensions")
    for name, value in (("variables", variables), ("extensions", extensions)):
        if value is not None and not isinstance(value, dict):
            raise Refusal(400, "INVALID_REQUEST", f"`{name}` moet een JSON-object of null zijn")
    return GraphQLBody(query, variables, operation_name, extensions)


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return ranges


def response_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when the client names it and ranks
    it at least as high as ``application/json``; else ``application/json``
    (also without an ``Accept`` header, or with ``*/*``)."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _ranges(accept)
    graphql = max((q for media, q in ranges if media == GRAPHQL_RESPONSE), default=0.0)
    json = max((q for media, q in ranges if media in (JSON, "*/*", "application/*")), default=0.0)
    if graphql > 0 and graphql >= json:
        return GRAPHQL_RESPONSE
    if json > 0:
        return JSON
    raise Refusal(406, "NOT_ACCEPTABLE", f"dit endpoint antwoordt alleen met {GRAPHQL_RESPONSE} of {JSON}")

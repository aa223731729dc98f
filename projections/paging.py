"""Keyset pagination in SQL: page requests, opaque cursors, keyset fragments, pages.

Pure SQL and values (no GraphQL), so that query functions in ``projections/`` can
use it; the Relay types that wrap a :class:`Page` live in
``service/graphql/pagination.py`` (see docs/architecture.md, "Pagination").
Refusals raise :class:`PageRequestRefused`, a typed error with ``code``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID

from psycopg import sql

from domain.errors import DomainError

R = TypeVar("R")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageRequestRefused(DomainError):
    """A refused page request (too large, bad cursor): raised before any SQL."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# -- cursors ---------------------------------------------------------------------

_ENCODERS: dict[type, tuple[str, Callable[[Any], Any]]] = {
    bool: ("b", bool),
    int: ("i", int),
    str: ("s", str),
    Decimal: ("n", str),
    UUID: ("u", str),
    dt.datetime: ("t", dt.datetime.isoformat),
    dt.date: ("d", dt.date.isoformat),
}
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "b": bool,
    "i": int,
    "s": str,
    "n": Decimal,
    "u": UUID,
    "t": dt.datetime.fromisoformat,
    "d": dt.date.fromisoformat,
}


def _tag(value: Any) -> list[Any]:
    if value is None:
        return ["z", None]
    for kind, (tag, encode) in _ENCODERS.items():
        if type(value) is kind:
            return [tag, encode(value)]
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque cursor for a sort key (a tuple of simple values)."""
    raw = json.dumps([_tag(v) for v in key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, ...]:
    """The sort key of a cursor; a typed ``INVALID_CURSOR`` error otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        items = json.loads(raw)
        return tuple(None if tag == "z" else _DECODERS[tag](value) for tag, value in items)
    except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
        raise PageRequestRefused("ongeldige cursor", "INVALID_CURSOR") from exc


# -- page requests and keyset SQL ------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: tuple[Any, ...] | None


def page_request(first: int | None, after: str | None, default: int = DEFAULT_PAGE_SIZE) -> PageRequest:
    """Validate ``first``/``after`` (before touching the database)."""
    size = default if first is None else first
    if size < 0:
        raise PageRequestRefused("`first` mag niet negatief zijn", "BAD_USER_INPUT")
    if size > MAX_PAGE_SIZE:
        raise PageRequestRefused(f"`first` is hoogstens {MAX_PAGE_SIZE}", "PAGE_SIZE_EXCEEDED")
    return PageRequest(first=size, after=decode_cursor(after) if after else None)


@dataclass(frozen=True)
class Keyset:
    """SQL fragments for a keyset page: ``WHERE … AND {where} ORDER BY {order_by} LIMIT {limit}``."""

    where: sql.Composable
    order_by: sql.Composable
    limit: sql.Composable
    params: dict[str, Any]


def keyset(keys: Sequence[str], page: PageRequest, *, alias: str | None = None, descending: bool = False) -> Keyset:
    """Keyset fragments for sorting on ``keys`` (all ascending or all descending).

    The last key must make the order unique (add the id). Parameters are named
    ``_after_0``…; pass ``params`` along with your own.
    """
    cols = [sql.Identifier(alias, k) if alias else sql.Identifier(k) for k in keys]
    direction = sql.SQL(" DESC" if descending else "")
    order_by = sql.SQL(", ").join(sql.Composed([c, direction]) for c in cols)
    limit = sql.Literal(page.first + 1)
    if page.after is None:
        return Keyset(sql.SQL("TRUE"), order_by, limit, {})
    if len(page.after) != len(keys):
        raise PageRequestRefused("deze cursor hoort niet bij deze lijst", "INVALID_CURSOR")
    names = [f"_after_{i}" for i in range(len(keys))]
    where = sql.SQL("({}) {} ({})").format(
        sql.SQL(", ").join(cols),
        sql.SQL("<" if descending else ">"),
        sql.SQL(", ").join(sql.Placeholder(n) for n in names),
    )
    return Keyset(where, order_by, limit, dict(zip(names, page.after, strict=True)))


@dataclass(frozen=True)
class Page(Generic[R]):
    """The rows of one page, with their cursors and whether more follow."""

    rows: list[R]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    total: int | None = None

    @classmethod
    def of(
        cls, rows: Sequence[R], page: PageRequest, key: Callable[[R], Sequence[Any]], total: int | None = None
    ) -> Page[R]:
        """From the ``first + 1`` rows a keyset query returned."""
        kept = list(rows[: page.first])
        return cls(
            rows=kept,
            cursors=[encode_cursor(key(r)) for r in kept],
            has_next=len(rows) > page.first,
            has_previous=page.after is not None,
            total=total,
        )

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

from psycopg import AsyncConnection, sql

from domain.errors import DomainError
from projections.rows import fetch_all

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
    """``first`` items after the cursor key ``after`` (forward), or, when
    ``backward``, the ``first`` items before it (``last``/``before``); ``count``
    asks for the total of the whole list (``totalCount`` selected)."""

    first: int
    after: tuple[Any, ...] | None
    backward: bool = False
    count: bool = False


def _size(value: int | None, name: str, default: int) -> int:
    size = default if value is None else value
    if size < 0:
        raise PageRequestRefused(f"`{name}` mag niet negatief zijn", "BAD_USER_INPUT")
    if size > MAX_PAGE_SIZE:
        raise PageRequestRefused(f"`{name}` is hoogstens {MAX_PAGE_SIZE}", "PAGE_SIZE_EXCEEDED")
    return size


def page_request(
    first: int | None,
    after: str | None,
    default: int = DEFAULT_PAGE_SIZE,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = False,
) -> PageRequest:
    """Validate ``first``/``after`` or ``last``/``before`` (before touching the
    database); the two directions do not mix in one request."""
    if last is not None or before is not None:
        if first is not None or after is not None:
            raise PageRequestRefused("gebruik `first`/`after` of `last`/`before`, niet beide", "BAD_USER_INPUT")
        key = decode_cursor(before) if before else None
        return PageRequest(first=_size(last, "last", default), after=key, backward=True, count=count)
    return PageRequest(first=_size(first, "first", default), after=decode_cursor(after) if after else None, count=count)


@dataclass(frozen=True)
class Keyset:
    """SQL fragments for a keyset page: ``WHERE … AND {where} ORDER BY {order_by} LIMIT {limit}``.

    For a backward page the fragments read the list in reverse (``Page.of``
    turns the rows back)."""

    where: sql.Composable
    order_by: sql.Composable
    limit: sql.Composable
    params: dict[str, Any]

    def whole_list(self) -> Keyset:
        """The same query over the whole list, unordered and unlimited: what
        :func:`count_query` counts."""
        return Keyset(sql.SQL("TRUE"), sql.SQL("NULL::int"), sql.SQL("ALL"), {})


def keyset(keys: Sequence[str], page: PageRequest, *, alias: str | None = None, descending: bool = False) -> Keyset:
    """Keyset fragments for sorting on ``keys`` (all ascending or all descending).

    The last key must make the order unique (add the id). Parameters are named
    ``_after_0``…; pass ``params`` along with your own.
    """
    cols = [sql.Identifier(alias, k) if alias else sql.Identifier(k) for k in keys]
    reverse = descending != page.backward
    direction = sql.SQL(" DESC" if reverse else "")
    order_by = sql.SQL(", ").join(sql.Composed([c, direction]) for c in cols)
    limit = sql.Literal(page.first + 1)
    if page.after is None:
        return Keyset(sql.SQL("TRUE"), order_by, limit, {})
    if len(page.after) != len(keys):
        raise PageRequestRefused("deze cursor hoort niet bij deze lijst", "INVALID_CURSOR")
    names = [f"_after_{i}" for i in range(len(keys))]
    where = sql.SQL("({}) {} ({})").format(
        sql.SQL(", ").join(cols),
        sql.SQL("<" if reverse else ">"),
        sql.SQL(", ").join(sql.Placeholder(n) for n in names),
    )
    return Keyset(where, order_by, limit, dict(zip(names, page.after, strict=True)))


def count_query(build: Callable[[Keyset], sql.Composable], ks: Keyset) -> sql.Composed:
    """``SELECT count(*)`` of the whole list a page query ``build(ks)`` pages
    through: the same statement with the keyset condition, order and limit
    taken out, so the count sees exactly the rows (visibility, filters) the
    pages see."""
    return sql.SQL("SELECT count(*) FROM ({}) AS counted").format(build(ks.whole_list()))


async def fetch_page(
    conn: AsyncConnection[Any],
    build: Callable[[Keyset], sql.Composable],
    page: PageRequest,
    keys: Sequence[str],
    row: type[R],
    key: Callable[[R], Sequence[Any]],
    params: dict[str, Any],
    *,
    alias: str | None = None,
    descending: bool = False,
) -> Page[R]:
    """One page of the list ``build`` selects (``build(ks)`` puts ``ks.where``,
    ``ks.order_by`` and ``ks.limit`` in its place), rows made by ``class_row(row)`` (``projections.rows.fetch_all``);
    with ``page.count``, one more statement counts the whole list."""
    ks = keyset(keys, page, alias=alias, descending=descending)
    rows = await fetch_all(conn, row, sql.Composed([build(ks)]), {**params, **ks.params})
    total = await count(conn, build, ks, params) if page.count else None
    return Page.of(rows, page, key=key, total=total)


async def count(
    conn: AsyncConnection[Any], build: Callable[[Keyset], sql.Composable], ks: Keyset, params: dict[str, Any]
) -> int:
    """The number of rows in the whole list (see :func:`count_query`)."""
    cur = await conn.execute(count_query(build, ks), params)
    found = await cur.fetchone()
    return int(found[0]) if found else 0


@dataclass(frozen=True)
class Page(Generic[R]):
    """The rows of one page (in list order), with their cursors and whether more
    items come before and after it."""

    rows: list[R]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    total: int | None = None

    @classmethod
    def of(
        cls, rows: Sequence[R], page: PageRequest, key: Callable[[R], Sequence[Any]], total: int | None = None
    ) -> Page[R]:
        """From the ``first + 1`` rows a keyset query returned (for a backward
        page: in reverse order, nearest the cursor first)."""
        kept = list(rows[: page.first])
        more = len(rows) > page.first
        if page.backward:
            kept.reverse()
        return cls(
            rows=kept,
            cursors=[encode_cursor(key(r)) for r in kept],
            has_next=page.after is not None if page.backward else more,
            has_previous=more if page.backward else page.after is not None,
            total=total,
        )

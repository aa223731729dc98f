"""Rows in PostgreSQL's COPY text format, formatted without psycopg's
per-value dumper calls (the projector's hot path when it writes a batch).

:func:`line` returns one row as a line, or None when a value has a type it
does not know (the caller then writes that row with ``Copy.write_row``). The
text is what psycopg's text dumpers send for the same values, so the stored
rows are the same; jsonb goes through orjson (the server parses it, so only
the JSON value matters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from psycopg.types.json import Jsonb

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def _jsonb(value: Jsonb) -> str:
    return _escape(orjson.dumps(value.obj, option=orjson.OPT_NON_STR_KEYS).decode())


def _element(value: Any) -> str | None:
    """One array element (before the line's escaping)."""
    kind = type(value)
    if value is None:
        return "NULL"
    if kind is str:
        text: str = value
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind is UUID or kind is int or kind is Decimal:
        return str(value)
    if kind is list:
        inner = [_element(v) for v in value]
        return None if None in inner else "{" + ",".join(inner) + "}"  # type: ignore[arg-type]
    if kind is dt.date:
        return str(value.isoformat())
    return None


def _array(value: list[Any]) -> str | None:
    text = _element(value)
    return None if text is None else _escape(text)


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _iso(value: dt.date) -> str:
    return value.isoformat()


_FORMAT: dict[type, Callable[[Any], str | None]] = {
    str: _escape,
    int: str,
    bool: _bool,
    UUID: str,
    Decimal: str,
    dt.date: _iso,
    dt.datetime: _iso,
    Jsonb: _jsonb,
    list: _array,
}


def line(values: Iterable[Any]) -> str | None:
    """One row as a COPY text line (with its newline), or None for an unknown type."""
    parts: list[str] = []
    append = parts.append
    for value in values:
        if value is None:
            append(NULL)
            continue
        fmt = _FORMAT.get(type(value))
        text = fmt(value) if fmt is not None else None
        if text is None:
            return None
        append(text)
    return "\t".join(parts) + "\n"

"""Typed rows from one statement: every query function reads through these two.

``fetch_all(conn, Row, query, params)`` runs ``query`` once on a cursor whose rows are made
by ``class_row(Row)`` and returns them as ``list[Row]``; ``fetch_one`` returns the first row
or ``None``. One statement per call, exactly the one passed in, so statement-count tests see
the same traffic as a hand-written cursor block.
"""

from __future__ import annotations

from typing import Any, TypeVar

from psycopg import AsyncConnection
from psycopg.abc import Params, QueryNoTemplate
from psycopg.rows import class_row

R = TypeVar("R")


async def fetch_all(
    conn: AsyncConnection[Any], row: type[R], query: QueryNoTemplate, params: Params | None = None
) -> list[R]:
    """Every row of ``query``, each made by ``class_row(row)``."""
    async with conn.cursor(row_factory=class_row(row)) as cur:
        await cur.execute(query, params)
        return await cur.fetchall()


async def fetch_one(
    conn: AsyncConnection[Any], row: type[R], query: QueryNoTemplate, params: Params | None = None
) -> R | None:
    """The first row of ``query`` made by ``class_row(row)``, or ``None`` when there is none."""
    async with conn.cursor(row_factory=class_row(row)) as cur:
        await cur.execute(query, params)
        return await cur.fetchone()

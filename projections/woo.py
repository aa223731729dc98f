"""View: the Woo publication of besluiten, for the public sitemap (``service/woo.py``).

``woo_publicatie_view`` holds exactly the besluiten whose Woo status is
``gepubliceerd``, with only the DiWoo metadata (title, date, gremium, regio,
kenmerk): a besluit enters when it is published and leaves when its status
changes (withdrawn, or not public after all). Nothing of a proposal or a
besluit that was not published is ever written to it. ``woo_besluit_bron`` is
this projection's own working copy of every besluit, never read publicly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor

from domain.besluit import Besluit
from projections import temporal
from projections.base import Position, Projection, handles
from projections.rows import fetch_all

BRON = "woo_besluit_bron"
PUBLICATIE = "woo_publicatie_view"
_COLUMNS = ("regio", "kenmerk", "onderwerp", "gremium", "besluit_datum")


class WooProjection(Projection):
    name = "woo"
    tables = (PUBLICATIE, BRON)

    @handles(Besluit.Voorgesteld)
    def voorgesteld(self, cur: Cursor[Any], e: Besluit.Voorgesteld, pos: Position) -> None:
        row = {"besluit_id": e.originator_id, "regio": e.regio, "kenmerk": e.kenmerk, "onderwerp": e.onderwerp}
        temporal.insert(cur, BRON, row | {"gremium": e.gremium, "woo_status": "te_publiceren"}, pos.id)

    @handles(Besluit.Genomen)
    def genomen(self, cur: Cursor[Any], e: Besluit.Genomen, pos: Position) -> None:
        self._change(cur, e, pos, {"besluit_datum": e.datum})

    @handles(Besluit.Gecorrigeerd)
    def gecorrigeerd(self, cur: Cursor[Any], e: Besluit.Gecorrigeerd, pos: Position) -> None:
        if e.onderwerp:
            self._change(cur, e, pos, {"onderwerp": e.onderwerp})

    def _change(self, cur: Cursor[Any], e: Besluit.Event, pos: Position, changes: dict[str, Any]) -> None:
        key = {"besluit_id": e.originator_id}
        temporal.update(cur, BRON, key, changes, pos.id)
        temporal.update(cur, PUBLICATIE, key, changes, pos.id)  # no row unless published

    @handles(Besluit.WooStatusGewijzigd)
    def woo(self, cur: Cursor[Any], e: Besluit.WooStatusGewijzigd, pos: Position) -> None:
        key = {"besluit_id": e.originator_id}
        temporal.update(cur, BRON, key, {"woo_status": e.status}, pos.id)
        temporal.delete(cur, PUBLICATIE, key, pos.id)
        if e.status != "gepubliceerd" or e.datum is None:
            return
        found = cur.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM {BRON} WHERE besluit_id = %s AND sys_to IS NULL",
            (e.originator_id,),
        ).fetchone()
        if found is not None:
            row = dict(zip(_COLUMNS, found, strict=True))
            temporal.insert(cur, PUBLICATIE, key | row | {"gepubliceerd_op": e.datum}, pos.id)


@dataclass(frozen=True)
class Publicatie:
    besluit_id: UUID
    regio: str
    regio_naam: str
    kenmerk: str
    onderwerp: str
    gremium: str
    gremium_naam: str
    besluit_datum: dt.date | None
    gepubliceerd_op: dt.date


async def aantal(conn: AsyncConnection[Any]) -> int:
    cur = await conn.execute(f"SELECT count(*) FROM {PUBLICATIE} WHERE sys_to IS NULL")
    row = await cur.fetchone()
    return int(row[0]) if row else 0


_SELECT = f"""
    SELECT w.besluit_id, w.regio, coalesce(r.naam, w.regio) AS regio_naam, w.kenmerk, w.onderwerp, w.gremium,
           coalesce(g.naam, w.gremium) AS gremium_naam, w.besluit_datum, w.gepubliceerd_op
    FROM {PUBLICATIE} w
    LEFT JOIN regio_view r ON r.code = w.regio AND r.sys_to IS NULL
    LEFT JOIN gremium_view g ON g.code = w.gremium AND g.regio = w.regio AND g.sys_to IS NULL
    WHERE w.sys_to IS NULL"""


async def publicaties(
    conn: AsyncConnection[Any], offset: int = 0, limit: int = 50_000, besluit_id: UUID | None = None
) -> list[Publicatie]:
    """One page of the published besluiten (or the one), oldest publication first (a stable order)."""
    query = _SELECT + " AND (%(id)s::uuid IS NULL OR w.besluit_id = %(id)s)"
    query += " ORDER BY w.gepubliceerd_op, w.besluit_id OFFSET %(offset)s LIMIT %(limit)s"
    return await fetch_all(conn, Publicatie, query, {"id": besluit_id, "offset": offset, "limit": limit})

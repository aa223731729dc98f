"""View: regio's and the gemeenten registered in them.

The pattern every view follows: a migration defines its temporal tables; the
projection has one handler per event type and writes through
:mod:`projections.temporal`; the query functions below read current or as-of
rows through :func:`projections.temporal.visible`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.regio import Regio
from projections import paging as pagination
from projections import temporal
from projections.base import Position, Projection, handles
from projections.rows import fetch_all


class RegioProjection(Projection):
    name = "regio"
    tables = ("gemeente_view", "regio_view")

    @handles(Regio.Geregistreerd)
    def geregistreerd(self, cur: Cursor[Any], e: Regio.Geregistreerd, pos: Position) -> None:
        row = {"regio_id": e.originator_id, "code": e.code, "naam": e.naam}
        temporal.insert(cur, "regio_view", {**row, "geldig_op": temporal.valid_on(e, pos.recorded_at)}, pos.id)

    @handles(Regio.GemeenteGeregistreerd)
    def gemeente(self, cur: Cursor[Any], e: Regio.GemeenteGeregistreerd, pos: Position) -> None:
        row = {"code": e.code, "naam": e.naam, "regio_id": e.originator_id}
        temporal.insert(cur, "gemeente_view", {**row, "geldig_op": temporal.valid_on(e, pos.recorded_at)}, pos.id)


@dataclass(frozen=True)
class RegioRow:
    regio_id: UUID
    code: str
    naam: str


@dataclass(frozen=True)
class GemeenteRow:
    code: str
    naam: str
    regio_id: UUID


async def regios(conn: AsyncConnection[Any], as_of: int | None) -> list[RegioRow]:
    query = sql.SQL("SELECT regio_id, code, naam FROM regio_view r WHERE {} ORDER BY code").format(
        temporal.visible("r", as_of, "regio_view")
    )
    return await fetch_all(conn, RegioRow, query)


async def gemeenten(conn: AsyncConnection[Any], regio_ids: list[UUID] | None, as_of: int | None) -> list[GemeenteRow]:
    query = sql.SQL(
        "SELECT code, naam, regio_id FROM gemeente_view g WHERE {} AND (%(ids)s::uuid[] IS NULL"
        " OR regio_id = ANY(%(ids)s)) ORDER BY code"
    ).format(temporal.visible("g", as_of, "gemeente_view"))
    return await fetch_all(conn, GemeenteRow, query, {"ids": regio_ids})


async def regios_page(
    conn: AsyncConnection[Any], page: pagination.PageRequest, as_of: int | None
) -> pagination.Page[RegioRow]:
    """One page of the regio's, by code, keyset-paginated in SQL."""

    def build(ks: pagination.Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT regio_id, code, naam FROM regio_view r WHERE {vis} AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(vis=temporal.visible("r", as_of), after=ks.where, order=ks.order_by, limit=ks.limit)

    return await pagination.fetch_page(conn, build, page, ["code"], RegioRow, lambda r: (r.code,), {}, alias="r")


async def gemeenten_page(
    conn: AsyncConnection[Any], page: pagination.PageRequest, as_of: int | None, regio_id: UUID | None = None
) -> pagination.Page[GemeenteRow]:
    """One page of every gemeente (optionally of one regio), by code, keyset-paginated in SQL."""

    def build(ks: pagination.Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT code, naam, regio_id FROM gemeente_view g WHERE {vis} AND {after}"
            " AND (%(regio)s::uuid IS NULL OR regio_id = %(regio)s) ORDER BY {order} LIMIT {limit}"
        ).format(vis=temporal.visible("g", as_of, "gemeente_view"), after=ks.where, order=ks.order_by, limit=ks.limit)

    return await pagination.fetch_page(
        conn, build, page, ["code"], GemeenteRow, lambda r: (r.code,), {"regio": regio_id}, alias="g"
    )

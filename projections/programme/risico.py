"""View: the risk register (risks with beheersmaatregelen, owner, status,
escalations) and the history of every update."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.principal import Principal, require_programme_reader
from domain.risico import Risico
from projections import temporal
from projections.base import Position, Projection, handles
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.programme.valid import geldig
from projections.rows import fetch_all


class RiskProjection(Projection):
    name = "risks"
    tables = ("risico_historie_view", "risico_view")

    @staticmethod
    def _history(cur: Cursor[Any], e: Any, pos: Position, soort: str, **values: Any) -> None:
        row = {"risico_id": e.originator_id, "versie": e.originator_version, "soort": soort}
        row |= {"toelichting": e.toelichting, "actor_id": e.actor_id, "vastgelegd_op": pos.recorded_at}
        temporal.insert(cur, "risico_historie_view", row | values | geldig(e, pos), pos.id)

    @staticmethod
    def _risico(cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        changes |= {"version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, "risico_view", {"risico_id": e.originator_id}, changes, pos.id)

    @handles(Risico.Geregistreerd)
    def geregistreerd(self, cur: Cursor[Any], e: Risico.Geregistreerd, pos: Position) -> None:
        count = cur.execute(
            "SELECT count(*) FROM risico_view WHERE programma = %s AND sys_to IS NULL", (e.programma,)
        ).fetchone()
        row = {"risico_id": e.originator_id, "programma": e.programma, "nummer": e.nummer}
        row |= {"volgorde": (count or [0])[0] + 1, "omschrijving": e.omschrijving, "status": "open"}
        row |= {"beheersmaatregelen": e.beheersmaatregelen, "eigenaar": e.eigenaar, "version": e.originator_version}
        temporal.insert(cur, "risico_view", row | geldig(e, pos), pos.id)
        self._history(cur, e, pos, "geregistreerd", status="open")

    @handles(Risico.Bijgewerkt)
    def bijgewerkt(self, cur: Cursor[Any], e: Risico.Bijgewerkt, pos: Position) -> None:
        self._risico(
            cur, e, pos, omschrijving=e.omschrijving, beheersmaatregelen=e.beheersmaatregelen, eigenaar=e.eigenaar
        )
        self._history(cur, e, pos, "bijgewerkt")

    @handles(Risico.StatusGewijzigd)
    def status(self, cur: Cursor[Any], e: Risico.StatusGewijzigd, pos: Position) -> None:
        self._risico(cur, e, pos, status=e.status)
        self._history(cur, e, pos, "status", status=e.status)

    @handles(Risico.Geescaleerd)
    def geescaleerd(self, cur: Cursor[Any], e: Risico.Geescaleerd, pos: Position) -> None:
        self._risico(cur, e, pos)
        self._history(cur, e, pos, "geescaleerd", naar=e.naar, reden=e.reden)


@dataclass(frozen=True)
class RisicoRow:
    risico_id: UUID
    programma: str
    nummer: str
    volgorde: int
    omschrijving: str
    beheersmaatregelen: list[str]
    eigenaar: str
    status: str
    version: int
    escalaties: int


@dataclass(frozen=True)
class HistorieRow:
    risico_id: UUID
    versie: int
    soort: str
    status: str | None
    naar: str | None
    reden: str | None
    toelichting: str | None
    actor_id: str
    vastgelegd_op: dt.datetime


_REGISTER = (
    "SELECT r.risico_id, r.programma, r.nummer, r.volgorde, r.omschrijving, r.beheersmaatregelen, r.eigenaar,"
    " r.status, r.version, (SELECT count(*) FROM risico_historie_view h WHERE {vis_h}"
    "   AND h.risico_id = r.risico_id AND h.soort = 'geescaleerd')::int AS escalaties"
    " FROM risico_view r WHERE {vis_r} AND r.programma = %(p)s"
    " AND (%(status)s::text IS NULL OR r.status = %(status)s) AND (%(id)s::uuid IS NULL OR r.risico_id = %(id)s)"
    " AND {after} ORDER BY {order} LIMIT {limit}"
)


async def risicoregister(
    conn: AsyncConnection[Any],
    reader: Principal,
    programma: str,
    status: str | None,
    page: PageRequest,
    as_of: int | None,
    risico_id: UUID | None = None,
) -> Page[RisicoRow]:
    """One page of the register in one statement (``risico_id`` narrows it to one risk)."""
    require_programme_reader(reader)

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(_REGISTER).format(
            vis_h=temporal.visible("h", as_of, "risico_historie_view"),
            vis_r=temporal.visible("r", as_of, "risico_view"),
            after=ks.where,
            order=ks.order_by,
            limit=ks.limit,
        )

    params = {"p": programma, "status": status, "id": risico_id}
    return await fetch_page(
        conn, build, page, ["volgorde", "risico_id"], RisicoRow, lambda r: (r.volgorde, r.risico_id), params, alias="r"
    )


async def risicohistorie(
    conn: AsyncConnection[Any], reader: Principal, risico_ids: list[UUID], as_of: int | None
) -> list[HistorieRow]:
    """The update history of risks (for many at once), oldest first."""
    require_programme_reader(reader)
    query = sql.SQL(
        "SELECT risico_id, versie, soort, status, naar, reden, toelichting, actor_id, vastgelegd_op"
        " FROM risico_historie_view h WHERE {} AND risico_id = ANY(%(ids)s) ORDER BY risico_id, versie"
    ).format(temporal.visible("h", as_of, "risico_historie_view"))
    return await fetch_all(conn, HistorieRow, query, {"ids": risico_ids})

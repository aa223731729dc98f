"""Queries: the agenda pack of an overleg (its items with their current
state), its attendance and the reports it received. Reads the overleg views
and, for the state of an item, the views of the object it references."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.rows import fetch_all


@dataclass(frozen=True)
class AgendapuntRow:
    nummer: int
    onderwerp: str
    soort: str
    ref_id: str | None
    terugkerend: bool
    toestand: str | None


_STAAT = """
CASE a.soort
  WHEN 'besluit' THEN (SELECT b.status || coalesce(' op ' || b.datum::text, '')
                         FROM besluit_view b WHERE {vb} AND b.besluit_id::text = a.ref_id)
  WHEN 'ontwikkelpunt' THEN (SELECT p.status || coalesce(', planning gereed ' || p.planning_gereed::text, '')
                         FROM ontwikkelpunt_view p WHERE {vp} AND p.punt_id::text = a.ref_id)
  WHEN 'mijlpaal' THEN (SELECT CASE WHEN m.vervallen THEN 'vervallen'
                              WHEN m.actual IS NOT NULL THEN 'behaald op ' || m.actual::text
                              ELSE 'forecast ' || m.forecast::text || ' (baseline ' || m.baseline::text || ')' END
                         FROM mijlpaal_view m WHERE {vm} AND m.mijlpaal_id::text = a.ref_id)
  WHEN 'project' THEN (SELECT 'fase ' || j.fase FROM project_view j WHERE {vj} AND j.project_id::text = a.ref_id)
END
"""


async def agendapunten(conn: AsyncConnection[Any], overleg_id: UUID, as_of: int | None) -> list[AgendapuntRow]:
    staat = sql.SQL(_STAAT).format(
        vb=temporal.visible("b", as_of, "besluit_view"),
        vp=temporal.visible("p", as_of, "ontwikkelpunt_view"),
        vm=temporal.visible("m", as_of, "mijlpaal_view"),
        vj=temporal.visible("j", as_of, "project_view"),
    )
    query = sql.SQL(
        "SELECT a.nummer, a.onderwerp, a.soort, a.ref_id, a.terugkerend, {staat} AS toestand"
        " FROM overleg_agendapunt_view a WHERE {vis} AND a.overleg_id = %(id)s ORDER BY a.nummer"
    ).format(staat=staat, vis=temporal.visible("a", as_of, "overleg_agendapunt_view"))
    return await fetch_all(conn, AgendapuntRow, query, {"id": overleg_id})


@dataclass(frozen=True)
class AanwezigeRow:
    organisatie: str
    rol: str | None
    aanwezig: bool


async def aanwezigen(conn: AsyncConnection[Any], overleg_id: UUID, as_of: int | None) -> list[AanwezigeRow]:
    query = sql.SQL(
        "SELECT organisatie, rol, aanwezig FROM overleg_aanwezige_view a WHERE {} AND overleg_id = %(id)s"
        " ORDER BY volgnr"
    ).format(temporal.visible("a", as_of, "overleg_aanwezige_view"))
    return await fetch_all(conn, AanwezigeRow, query, {"id": overleg_id})


@dataclass(frozen=True)
class RapportageRow:
    soort: str
    door: str
    onderwerp: str
    document: str | None


async def rapportages(conn: AsyncConnection[Any], overleg_id: UUID, as_of: int | None) -> list[RapportageRow]:
    query = sql.SQL(
        "SELECT soort, door, onderwerp, document FROM overleg_rapportage_view r WHERE {} AND overleg_id = %(id)s"
        " ORDER BY positie"
    ).format(temporal.visible("r", as_of, "overleg_rapportage_view"))
    return await fetch_all(conn, RapportageRow, query, {"id": overleg_id})

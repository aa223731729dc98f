"""View: the mijlpalenplanning as Gantt-ready rows (baseline, forecast,
actual, slip, reasons, owner, gemeente, dependency warnings) and the slip
history of one milestone.

A row is a milestone (``gemeente`` empty) or one of its per-gemeente
instances. Status and slip are computed in SQL at query time (the slip rule of
``domain.planning``: by the baseline's period, the peildatum counting for an
open milestone whose forecast passed) against a ``peildatum`` (today, or the
date read as of), so they hold as of any instant.
Every query is one SQL statement, however many milestones there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.mijlpaal import Mijlpaal, MijlpaalInstantie
from domain.planning import periode_eind, slip_tegen_periode
from domain.principal import Principal, require_programme_reader
from projections import temporal
from projections.base import Position, Projection, handles
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.programme.valid import geldig
from projections.rows import fetch_all


class MijlpaalProjection(Projection):
    name = "mijlpalen"
    tables = ("mijlpaal_afhankelijkheid_view", "mijlpaal_verplaatsing_view", "mijlpaal_instantie_view", "mijlpaal_view")

    @handles(Mijlpaal.Gepland)
    def gepland(self, cur: Cursor[Any], e: Mijlpaal.Gepland, pos: Position) -> None:
        eind = periode_eind(e.datum, e.precisie)
        row = {"mijlpaal_id": e.originator_id, "titel": e.titel, "soort": e.soort, "omschrijving": e.omschrijving}
        row |= {"eigenaar_soort": e.eigenaar_soort, "eigenaar_id": e.eigenaar_id, "programma": e.programma}
        row |= {"project": e.project, "baseline": e.datum, "baseline_precisie": e.precisie, "baseline_eind": eind}
        row |= {"forecast": e.datum, "forecast_precisie": e.precisie, "forecast_eind": eind}
        row |= {"start": e.start, "start_precisie": e.start_precisie}
        temporal.insert(cur, "mijlpaal_view", row | {"version": e.originator_version} | geldig(e, pos), pos.id)

    @handles(MijlpaalInstantie.Aangemaakt)
    def aangemaakt(self, cur: Cursor[Any], e: MijlpaalInstantie.Aangemaakt, pos: Position) -> None:
        row = {"mijlpaal_id": e.mijlpaal_id, "gemeente": e.gemeente, "instantie_id": e.originator_id}
        row |= {"baseline": e.baseline, "baseline_precisie": e.baseline_precisie}
        row |= {"baseline_eind": periode_eind(e.baseline, e.baseline_precisie), "forecast": e.forecast}
        row |= {
            "forecast_precisie": e.forecast_precisie,
            "forecast_eind": periode_eind(e.forecast, e.forecast_precisie),
        }
        temporal.insert(
            cur, "mijlpaal_instantie_view", row | {"version": e.originator_version} | geldig(e, pos), pos.id
        )

    @staticmethod
    def _target(cur: Cursor[Any], e: Any) -> tuple[str, dict[str, Any], str]:
        """(table, key, gemeente) of the row an event changes."""
        if isinstance(
            e, (Mijlpaal.Verplaatst, Mijlpaal.Behaald, Mijlpaal.Vervallen, Mijlpaal.AfhankelijkheidToegevoegd)
        ):
            return "mijlpaal_view", {"mijlpaal_id": e.originator_id}, ""
        row = cur.execute(
            "SELECT mijlpaal_id, gemeente FROM mijlpaal_instantie_view WHERE instantie_id = %s AND sys_to IS NULL",
            (e.originator_id,),
        ).fetchone()
        assert row is not None
        return "mijlpaal_instantie_view", {"mijlpaal_id": row[0], "gemeente": row[1]}, str(row[1])

    @handles(Mijlpaal.Verplaatst, MijlpaalInstantie.Verplaatst)
    def verplaatst(
        self, cur: Cursor[Any], e: Mijlpaal.Verplaatst | MijlpaalInstantie.Verplaatst, pos: Position
    ) -> None:
        table, key, gemeente = self._target(cur, e)
        where = " AND ".join(f"{k} = %({k})s" for k in key)
        old = cur.execute(
            f"SELECT forecast, forecast_precisie, forecast_eind FROM {table} WHERE {where} AND sys_to IS NULL", key
        ).fetchone()
        assert old is not None
        eind = periode_eind(e.naar, e.precisie)
        changes = {"forecast": e.naar, "forecast_precisie": e.precisie, "forecast_eind": eind}
        temporal.update(cur, table, key, changes | {"version": e.originator_version} | geldig(e, pos), pos.id)
        row = {"mijlpaal_id": key["mijlpaal_id"], "gemeente": gemeente, "versie": e.originator_version}
        row |= {"van": old[0], "van_precisie": old[1], "naar": e.naar, "naar_precisie": e.precisie}
        row |= {"slip_dagen": slip_tegen_periode(eind, old[0], old[1]), "reden_categorie": e.reden_categorie}
        row |= {"reden": e.reden}
        row |= {"besluit_id": e.besluit_id, "toelichting": e.toelichting, "actor_id": e.actor_id}
        row |= {"vastgelegd_op": pos.recorded_at}
        temporal.insert(cur, "mijlpaal_verplaatsing_view", row | geldig(e, pos), pos.id)

    @handles(Mijlpaal.Behaald, MijlpaalInstantie.Behaald)
    def behaald(self, cur: Cursor[Any], e: Mijlpaal.Behaald | MijlpaalInstantie.Behaald, pos: Position) -> None:
        table, key, _ = self._target(cur, e)
        temporal.update(cur, table, key, {"actual": e.datum, "version": e.originator_version} | geldig(e, pos), pos.id)

    @handles(Mijlpaal.Vervallen, MijlpaalInstantie.Vervallen)
    def vervallen(self, cur: Cursor[Any], e: Mijlpaal.Vervallen | MijlpaalInstantie.Vervallen, pos: Position) -> None:
        table, key, _ = self._target(cur, e)
        changes = {"vervallen": True, "version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, table, key, changes, pos.id)

    @handles(Mijlpaal.AfhankelijkheidToegevoegd)
    def afhankelijkheid(self, cur: Cursor[Any], e: Mijlpaal.AfhankelijkheidToegevoegd, pos: Position) -> None:
        row = {"mijlpaal_id": e.originator_id, "voorganger_id": UUID(e.voorganger_id)}
        temporal.insert(cur, "mijlpaal_afhankelijkheid_view", row | geldig(e, pos), pos.id)
        changes = {"version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, "mijlpaal_view", {"mijlpaal_id": e.originator_id}, changes, pos.id)


@dataclass(frozen=True)
class PlanningRow:
    """One Gantt bar: a milestone, or its instance in one gemeente."""

    mijlpaal_id: UUID
    gemeente: str
    titel: str
    soort: str
    eigenaar_soort: str
    eigenaar_id: str
    programma: str | None
    project: str | None
    start: dt.date | None
    start_precisie: str | None
    baseline: dt.date
    baseline_precisie: str
    baseline_eind: dt.date
    forecast: dt.date
    forecast_precisie: str
    forecast_eind: dt.date
    actual: dt.date | None
    status: str
    slip_dagen: int
    redenen: list[str]
    waarschuwingen: list[str]
    version: int

    @property
    def vorm(self) -> str:
        """activiteit (a bar from ``start`` to the forecast's end) or mijlpaal (a point)."""
        return "mijlpaal" if self.start is None else "activiteit"


@dataclass(frozen=True)
class VerplaatsingRow:
    versie: int
    gemeente: str
    van: dt.date
    van_precisie: str
    naar: dt.date
    naar_precisie: str
    slip_dagen: int
    reden_categorie: str
    reden: str
    besluit_id: str | None
    toelichting: str | None
    actor_id: str
    vastgelegd_op: dt.datetime


@dataclass(frozen=True)
class PlanningFilter:
    programma: str | None = None
    project: str | None = None
    gemeente: str | None = None
    van: dt.date | None = None
    tot: dt.date | None = None
    statussen: Sequence[str] | None = None
    eigenaar_ids: Sequence[str] | None = None
    mijlpaal_id: UUID | None = None

    def params(self) -> dict[str, Any]:
        return {
            "programma": self.programma,
            "project": self.project,
            "gemeente": self.gemeente,
            "van": self.van,
            "tot": self.tot,
            "statussen": list(self.statussen) if self.statussen is not None else None,
            "eigenaars": list(self.eigenaar_ids) if self.eigenaar_ids is not None else None,
            "mijlpaal": self.mijlpaal_id,
        }


FILTERS = sql.SQL(
    "(%(programma)s::text IS NULL OR s.programma = %(programma)s)"
    " AND (%(project)s::text IS NULL OR s.project = %(project)s)"
    " AND (%(gemeente)s::text IS NULL OR s.gemeente = %(gemeente)s)"
    " AND (%(van)s::date IS NULL OR s.forecast_eind >= %(van)s)"
    " AND (%(tot)s::date IS NULL OR coalesce(s.start, s.forecast) <= %(tot)s)"
    " AND (%(statussen)s::text[] IS NULL OR s.status = ANY(%(statussen)s))"
    " AND (%(eigenaars)s::text[] IS NULL OR s.eigenaar_id = ANY(%(eigenaars)s))"
    " AND (%(mijlpaal)s::uuid IS NULL OR s.mijlpaal_id = %(mijlpaal)s)"
)

_COLS = (
    "baseline, baseline_precisie, baseline_eind, forecast, forecast_precisie, forecast_eind, actual, vervallen, version"
)
_RAW = """
WITH r AS (
  SELECT m.mijlpaal_id, ''::text AS gemeente, m.titel, m.soort, m.eigenaar_soort, m.eigenaar_id, m.programma,
         m.project, m.start, m.start_precisie, {m_cols}
  FROM mijlpaal_view m WHERE {vis_m}
  UNION ALL
  SELECT m.mijlpaal_id, i.gemeente, m.titel, m.soort, m.eigenaar_soort, m.eigenaar_id, m.programma, m.project,
         m.start, m.start_precisie, {i_cols}
  FROM mijlpaal_instantie_view i JOIN mijlpaal_view m ON m.mijlpaal_id = i.mijlpaal_id AND {vis_m}
  WHERE {vis_i}
), s AS (
  SELECT r.*,
    CASE WHEN r.vervallen THEN 'vervallen' WHEN r.actual IS NOT NULL THEN 'behaald'
         WHEN d.datum > r.baseline_eind THEN 'vertraagd' ELSE 'gepland' END AS status,
    (CASE WHEN d.datum > r.baseline_eind THEN d.datum - r.baseline_eind
          WHEN d.datum < r.baseline THEN d.datum - r.baseline ELSE 0 END) AS slip_dagen
  FROM r CROSS JOIN LATERAL (SELECT CASE WHEN r.actual IS NOT NULL THEN r.actual WHEN r.vervallen THEN r.forecast_eind
                                         ELSE greatest(r.forecast_eind, %(peildatum)s::date) END AS datum) d
)
SELECT s.mijlpaal_id, s.gemeente, s.titel, s.soort, s.eigenaar_soort, s.eigenaar_id, s.programma, s.project,
  s.start, s.start_precisie, s.baseline, s.baseline_precisie, s.baseline_eind, s.forecast, s.forecast_precisie,
  s.forecast_eind, s.actual,
  s.status, s.slip_dagen, s.version,
  coalesce((SELECT array_agg(v.reden_categorie || ': ' || v.reden ORDER BY v.versie)
            FROM mijlpaal_verplaatsing_view v
            WHERE {vis_v} AND v.mijlpaal_id = s.mijlpaal_id AND v.gemeente = s.gemeente), '{{}}') AS redenen,
  coalesce((SELECT array_agg('start vóór het einde van voorganger ' || pm.titel ORDER BY pm.titel)
            FROM mijlpaal_afhankelijkheid_view d
            JOIN mijlpaal_view pm ON pm.mijlpaal_id = d.voorganger_id AND {vis_pm}
            LEFT JOIN mijlpaal_instantie_view pi
              ON pi.mijlpaal_id = d.voorganger_id AND pi.gemeente = s.gemeente AND {vis_pi}
            WHERE {vis_d} AND d.mijlpaal_id = s.mijlpaal_id AND s.actual IS NULL AND s.status <> 'vervallen'
              AND NOT coalesce(pi.vervallen, pm.vervallen)
              AND coalesce(s.start, s.forecast)
                  < CASE WHEN pi.mijlpaal_id IS NOT NULL THEN coalesce(pi.actual, pi.forecast_eind)
                         ELSE coalesce(pm.actual, pm.forecast_eind) END), '{{}}') AS waarschuwingen
FROM s WHERE {filters} AND {after} ORDER BY {order} {limit}
"""


_ALIASES = {
    "m": "mijlpaal_view",
    "i": "mijlpaal_instantie_view",
    "v": "mijlpaal_verplaatsing_view",
    "pm": "mijlpaal_view",
    "pi": "mijlpaal_instantie_view",
    "d": "mijlpaal_afhankelijkheid_view",
}


def _planning_sql(
    as_of: temporal.AsOf, after: sql.Composable, order: sql.Composable, limit: sql.Composable
) -> sql.Composed:
    vis = {f"vis_{a}": temporal.visible(a, as_of, table) for a, table in _ALIASES.items()}
    return sql.SQL(_RAW).format(
        m_cols=sql.SQL(", ".join(f"m.{c}" for c in _COLS.split(", "))),
        i_cols=sql.SQL(", ".join(f"i.{c}" for c in _COLS.split(", "))),
        filters=FILTERS,
        after=after,
        order=order,
        limit=limit,
        **vis,
    )


async def mijlpalenplanning(
    conn: AsyncConnection[Any],
    reader: Principal,
    filters: PlanningFilter,
    page: PageRequest,
    as_of: int | None,
    peildatum: dt.date,
) -> Page[PlanningRow]:
    """One page of the planning, ordered by forecast: one SQL statement."""
    require_programme_reader(reader)

    def build(ks: Keyset) -> sql.Composable:
        return _planning_sql(as_of, ks.where, ks.order_by, sql.SQL("LIMIT {}").format(ks.limit))

    keys = ["forecast", "mijlpaal_id", "gemeente"]
    params = {**filters.params(), "peildatum": peildatum}
    return await fetch_page(
        conn, build, page, keys, PlanningRow, lambda r: (r.forecast, r.mijlpaal_id, r.gemeente), params, alias="s"
    )


async def mijlpalen_voor_eigenaren(
    conn: AsyncConnection[Any],
    owner_ids: Sequence[UUID | str],
    as_of: int | None,
    peildatum: dt.date | None = None,
) -> list[PlanningRow]:
    """The milestones (and their instances) of many owners, e.g. ontwikkelpunten, in ONE query.
    The caller authorizes; ``eigenaar_id`` tells which owner a row belongs to."""
    filters = PlanningFilter(eigenaar_ids=[str(o) for o in owner_ids])
    order = sql.SQL("s.eigenaar_id, s.forecast, s.mijlpaal_id, s.gemeente")
    query = _planning_sql(as_of, sql.SQL("TRUE"), order, sql.SQL(""))
    return await fetch_all(conn, PlanningRow, query, {**filters.params(), "peildatum": peildatum or dt.date.today()})


async def mijlpaal_rijen(
    conn: AsyncConnection[Any], reader: Principal, mijlpaal_id: UUID, as_of: int | None, peildatum: dt.date
) -> list[PlanningRow]:
    """One milestone and all its instances."""
    require_programme_reader(reader)
    query = _planning_sql(as_of, sql.SQL("TRUE"), sql.SQL("s.gemeente"), sql.SQL(""))
    params = {**PlanningFilter(mijlpaal_id=mijlpaal_id).params(), "peildatum": peildatum}
    return await fetch_all(conn, PlanningRow, query, params)


async def verschuivingen(
    conn: AsyncConnection[Any], reader: Principal, mijlpaal_id: UUID, gemeente: str | None, as_of: int | None
) -> list[VerplaatsingRow]:
    """The slip history of one milestone (or of its instance in one gemeente), oldest first."""
    require_programme_reader(reader)
    query = sql.SQL(
        "SELECT versie, gemeente, van, van_precisie, naar, naar_precisie, slip_dagen, reden_categorie, reden,"
        " besluit_id, toelichting, actor_id, vastgelegd_op FROM mijlpaal_verplaatsing_view v"
        " WHERE {} AND mijlpaal_id = %(m)s AND gemeente = %(g)s ORDER BY versie"
    ).format(temporal.visible("v", as_of, "mijlpaal_verplaatsing_view"))
    return await fetch_all(conn, VerplaatsingRow, query, {"m": mijlpaal_id, "g": gemeente or ""})

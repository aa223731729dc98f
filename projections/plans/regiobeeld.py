"""Aggregations over the plan views, computed in SQL at query time from the
temporal rows (so they work as of any position): the regiobeeld, plan
hygiene, and the regional points with each gemeente's progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, LiteralString
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.plans.sql import hygiene, latest_stand, reference_date
from projections.rows import fetch_all, fetch_one


@dataclass(frozen=True)
class RegiobeeldCel:
    gemeente: str
    naam: str
    basisfunctie: int
    concept: int
    vastgesteld: int
    in_uitvoering: int
    afgerond: int
    vervallen: int
    op_koers: int
    aandacht_nodig: int
    achter: int
    zonder_stand: int
    laatste_peildatum: dt.date | None
    dagen_sinds_update: int | None


async def regiobeeld(conn: AsyncConnection[Any], as_of: int | None, regio: str) -> list[RegiobeeldCel]:
    """Gemeenten × basisfuncties: counts per status and per latest progress
    signal (of active points), and the age of the last stand van zaken. Only
    points the reader may see (row-level security) are counted."""
    query = sql.SQL(
        "WITH pts AS (SELECT o.gemeente, o.basisfunctie, o.status, s.signaal, s.peildatum"
        " FROM ontwikkelpunt_view o JOIN ontwikkelplan_view p ON p.plan_id = o.plan_id AND {pvis}"
        " {stand} WHERE {ovis} AND p.regio = %(regio)s)"
        " SELECT g.code AS gemeente, g.naam, bf.n AS basisfunctie,"
        " count(pts.status) FILTER (WHERE pts.status = 'concept') AS concept,"
        " count(pts.status) FILTER (WHERE pts.status = 'vastgesteld') AS vastgesteld,"
        " count(pts.status) FILTER (WHERE pts.status = 'in_uitvoering') AS in_uitvoering,"
        " count(pts.status) FILTER (WHERE pts.status = 'afgerond') AS afgerond,"
        " count(pts.status) FILTER (WHERE pts.status = 'vervallen') AS vervallen,"
        " count(pts.status) FILTER (WHERE {active} AND pts.signaal = 'op_koers') AS op_koers,"
        " count(pts.status) FILTER (WHERE {active} AND pts.signaal = 'aandacht_nodig') AS aandacht_nodig,"
        " count(pts.status) FILTER (WHERE {active} AND pts.signaal = 'achter') AS achter,"
        " count(pts.status) FILTER (WHERE {active} AND pts.signaal IS NULL) AS zonder_stand,"
        " max(pts.peildatum) AS laatste_peildatum, {ref} - max(pts.peildatum) AS dagen_sinds_update"
        " FROM gemeente_view g JOIN regio_view r ON r.regio_id = g.regio_id AND {rvis}"
        " CROSS JOIN generate_series(1, 5) AS bf(n)"
        " LEFT JOIN pts ON pts.gemeente = g.code AND pts.basisfunctie = bf.n"
        " WHERE {gvis} AND r.code = %(regio)s GROUP BY g.code, g.naam, bf.n ORDER BY g.code, bf.n"
    ).format(
        pvis=temporal.visible("p", as_of, "ontwikkelplan_view"),
        stand=latest_stand(sql.SQL("o.punt_id"), as_of),
        ovis=temporal.visible("o", as_of, "ontwikkelpunt_view"),
        active=sql.SQL("pts.status NOT IN ('afgerond', 'vervallen')"),
        ref=reference_date(as_of),
        rvis=temporal.visible("r", as_of),
        gvis=temporal.visible("g", as_of),
    )
    return await fetch_all(conn, RegiobeeldCel, query, {"regio": regio})


@dataclass(frozen=True)
class HygieneRow:
    punt_id: UUID
    gemeente: str
    basisfunctie: int
    thema: str
    doel: str
    waarschuwingen: list[str]


async def hygiene_rows(
    conn: AsyncConnection[Any],
    as_of: int | None,
    stale_weeks: int,
    *,
    regio: str | None,
    gemeente: str | None,
    page: PageRequest,
) -> Page[HygieneRow]:
    """Visible active points with at least one hygiene warning (a keyset page
    on ``h.gemeente, h.basisfunctie, h.thema, h.punt_id``)."""

    def build(ks: Keyset) -> sql.Composable:
        return _hygiene_query(as_of, ks)

    params = {"stale_weeks": stale_weeks, "regio": regio, "gemeente": gemeente}
    return await fetch_page(
        conn,
        build,
        page,
        ["gemeente", "basisfunctie", "thema", "punt_id"],
        HygieneRow,
        lambda r: (r.gemeente, r.basisfunctie, r.thema, r.punt_id),
        params,
        alias="h",
    )


def _hygiene_query(as_of: int | None, ks: Keyset) -> sql.Composable:
    return sql.SQL(
        "SELECT * FROM (SELECT o.punt_id, o.gemeente, o.basisfunctie, o.thema, o.doel, {hygiene} AS waarschuwingen"
        " FROM ontwikkelpunt_view o JOIN ontwikkelplan_view p ON p.plan_id = o.plan_id AND {pvis} {stand}"
        " WHERE {ovis} AND (%(regio)s::text IS NULL OR p.regio = %(regio)s)"
        " AND (%(gemeente)s::text IS NULL OR o.gemeente = %(gemeente)s)) h"
        " WHERE cardinality(h.waarschuwingen) > 0 AND {after} ORDER BY {order} LIMIT {limit}"
    ).format(
        hygiene=hygiene("o", "s", as_of),
        pvis=temporal.visible("p", as_of, "ontwikkelplan_view"),
        stand=latest_stand(sql.SQL("o.punt_id"), as_of),
        ovis=temporal.visible("o", as_of, "ontwikkelpunt_view"),
        after=ks.where,
        order=ks.order_by,
        limit=ks.limit,
    )


@dataclass(frozen=True)
class RegionaalRow:
    punt_id: UUID
    regio: str
    basisfunctie: int
    thema: str
    doel: str
    beoogd_resultaat: str
    indicatoren: list[str]
    besluit_id: str | None
    status: str
    version: int


@dataclass(frozen=True)
class VoortgangRow:
    voortgang_id: UUID
    punt_id: UUID
    gemeente: str
    uitvoerder: str | None
    planning_start: dt.date | None
    planning_gereed: dt.date | None
    planning_precisie: str | None
    version: int
    stand: dict[str, Any] | None


async def regional_points(
    conn: AsyncConnection[Any], as_of: int | None, regio: str | None, punt_id: UUID | None = None
) -> list[RegionaalRow]:
    """Regional points (readable by every signed-in role), in template order."""
    query = sql.SQL(
        "SELECT r.punt_id, r.regio, r.basisfunctie, r.thema, r.doel, r.beoogd_resultaat, r.indicatoren,"
        " r.besluit_id, r.status, r.version FROM regionaal_punt_view r WHERE {vis}"
        " AND (%(regio)s::text IS NULL OR r.regio = %(regio)s) AND (%(punt)s::uuid IS NULL OR r.punt_id = %(punt)s)"
        " ORDER BY r.regio, r.basisfunctie, r.thema, r.vastgesteld_positie"
    ).format(vis=temporal.visible("r", as_of, "regionaal_punt_view"))
    return await fetch_all(conn, RegionaalRow, query, {"regio": regio, "punt": punt_id})


async def local_progress(
    conn: AsyncConnection[Any], as_of: int | None, punt_ids: list[UUID], gemeente: str | None
) -> list[VoortgangRow]:
    """The progress of each gemeente (or one) on these regional points, with
    the latest stand van zaken, in one statement."""
    where = " v.punt_id = ANY(%(ids)s) AND (%(g)s::text IS NULL OR v.gemeente = %(g)s) ORDER BY v.punt_id, v.gemeente"
    return await fetch_all(conn, VoortgangRow, _progress(as_of, where), {"ids": punt_ids, "g": gemeente})


async def progress_by_id(conn: AsyncConnection[Any], as_of: int | None, voortgang_id: UUID) -> VoortgangRow | None:
    """One gemeente's progress on a regional point by its own id (``node(id:)``)."""
    return await fetch_one(conn, VoortgangRow, _progress(as_of, " v.voortgang_id = %(id)s"), {"id": voortgang_id})


def _progress(as_of: int | None, where: LiteralString) -> sql.Composed:
    return sql.SQL(
        "SELECT v.voortgang_id, v.punt_id, v.gemeente, v.uitvoerder, v.planning_start, v.planning_gereed,"
        " v.planning_precisie, v.version, CASE WHEN s.volgnummer IS NULL THEN NULL ELSE to_jsonb(s) END AS stand"
        " FROM regionale_voortgang_view v {stand} WHERE {vis} AND" + where
    ).format(
        stand=latest_stand(sql.SQL("v.voortgang_id"), as_of),
        vis=temporal.visible("v", as_of, "regionale_voortgang_view"),
    )

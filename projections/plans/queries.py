"""Queries of the plan views: a whole plan in three SQL statements (header;
points with deelstappen, latest stand van zaken and hygiene; regional points
with this gemeente's progress), the stand van zaken timeline, the planning
history, and the regional points with their local progress.

No function filters by reader: the connection reads as the request's
principal under row-level security (docs/security.md), so rows the reader may
not see are never fetched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.plans.sql import PuntFilter, hygiene, latest_stand, punt_filter
from projections.rows import fetch_all


@dataclass(frozen=True)
class PlanRow:
    plan_id: UUID
    gemeente: str
    regio: str
    periode: str
    titel: str
    template_versie: str
    status: str
    documenten: list[dict[str, Any]]
    portefeuillehouders: list[str]
    beleidsmedewerkers: list[str]
    lokale_aanvullingen: str
    vastgesteld_op: dt.date | None
    version: int


@dataclass(frozen=True)
class StandRow:
    volgnummer: int
    peildatum: dt.date
    tekst: str
    signaal: str
    auteur: str
    baseline: bool
    vastgelegd_op: dt.datetime


@dataclass(frozen=True)
class DeelstapRow:
    id: str
    volgorde: int
    tekst: str
    gepland: dt.date | None
    afgerond_op: dt.date | None


@dataclass
class PuntRow:
    punt_id: UUID
    plan_id: UUID
    gemeente: str
    periode: str
    basisfunctie: int
    thema: str
    doel: str
    zelfscan_link: str | None
    beoogd_resultaat: str | None
    indicatoren: list[str]
    anders_leren_doen: str | None
    verbeteractie: str | None
    kosten_bedrag: Decimal | None
    kosten_omschrijving: str | None
    dekking: str | None
    begrotingsjaar: int | None
    uitvoerder: str | None
    planning_start: dt.date | None
    planning_gereed: dt.date | None
    planning_precisie: str | None
    status: str
    version: int
    toegevoegd_positie: int
    hygiene: list[str]
    deelstappen_json: list[dict[str, Any]]
    stand: dict[str, Any] | None
    deelstappen: list[DeelstapRow] = field(default_factory=list)
    laatste_stand: StandRow | None = None

    def __post_init__(self) -> None:
        self.deelstappen = [
            DeelstapRow(
                id=d["id"],
                volgorde=d["volgorde"],
                tekst=d["tekst"],
                gepland=dt.date.fromisoformat(d["gepland"]) if d["gepland"] else None,
                afgerond_op=dt.date.fromisoformat(d["afgerond_op"]) if d["afgerond_op"] else None,
            )
            for d in self.deelstappen_json
        ]
        if self.stand is not None:
            s = self.stand
            self.laatste_stand = StandRow(
                volgnummer=s["volgnummer"],
                peildatum=dt.date.fromisoformat(s["peildatum"]),
                tekst=s["tekst"],
                signaal=s["signaal"],
                auteur=s["auteur"],
                baseline=s["baseline"],
                vastgelegd_op=dt.datetime.fromisoformat(s["vastgelegd_op"]),
            )


PLAN_COLUMNS = sql.SQL(
    "p.plan_id, p.gemeente, p.regio, p.periode, p.titel, p.template_versie, p.status, p.documenten,"
    " p.portefeuillehouders, p.beleidsmedewerkers, p.lokale_aanvullingen, p.vastgesteld_op, p.version"
)


async def plans(
    conn: AsyncConnection[Any], as_of: int | None, gemeente: str | None = None, periode: str | None = None
) -> list[PlanRow]:
    """The plan headers the reader may see, by gemeente and periode."""
    query = sql.SQL(
        "SELECT {cols} FROM ontwikkelplan_view p WHERE {vis}"
        " AND (%(g)s::text IS NULL OR p.gemeente = %(g)s) AND (%(per)s::text IS NULL OR p.periode = %(per)s)"
        " ORDER BY p.gemeente, p.periode"
    ).format(cols=PLAN_COLUMNS, vis=temporal.visible("p", as_of, "ontwikkelplan_view"))
    return await fetch_all(conn, PlanRow, query, {"g": gemeente, "per": periode})


async def plans_page(
    conn: AsyncConnection[Any], as_of: int | None, gemeente: str | None, page: PageRequest
) -> Page[PlanRow]:
    """One page of the plan headers the reader may see, by gemeente and periode."""

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT {cols} FROM ontwikkelplan_view p WHERE {vis}"
            " AND (%(g)s::text IS NULL OR p.gemeente = %(g)s) AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(
            cols=PLAN_COLUMNS,
            vis=temporal.visible("p", as_of, "ontwikkelplan_view"),
            after=ks.where,
            order=ks.order_by,
            limit=ks.limit,
        )

    key = ["gemeente", "periode"]
    return await fetch_page(
        conn, build, page, key, PlanRow, lambda r: (r.gemeente, r.periode), {"g": gemeente}, alias="p"
    )


def _points_query(as_of: int | None, where: sql.Composable, order: bool = True) -> sql.Composed:
    deelstappen = sql.SQL(
        "coalesce((SELECT json_agg(json_build_object('id', d.deelstap_id, 'volgorde', d.volgorde, 'tekst', d.tekst,"
        " 'gepland', d.gepland, 'afgerond_op', d.afgerond_op) ORDER BY d.volgorde) FROM deelstap_view d"
        " WHERE d.punt_id = o.punt_id AND {vis}), '[]'::json)"
    ).format(vis=temporal.visible("d", as_of, "deelstap_view"))
    return sql.SQL(
        "SELECT o.punt_id, o.plan_id, o.gemeente, o.periode, o.basisfunctie, o.thema, o.doel, o.zelfscan_link,"
        " o.beoogd_resultaat, o.indicatoren, o.anders_leren_doen, o.verbeteractie, o.kosten_bedrag,"
        " o.kosten_omschrijving, o.dekking, o.begrotingsjaar, o.uitvoerder, o.planning_start, o.planning_gereed,"
        " o.planning_precisie, o.status, o.version, o.toegevoegd_positie, {hygiene} AS hygiene,"
        " {deelstappen} AS deelstappen_json,"
        " CASE WHEN s.volgnummer IS NULL THEN NULL ELSE to_jsonb(s) END AS stand"
        " FROM ontwikkelpunt_view o JOIN ontwikkelplan_view p ON p.plan_id = o.plan_id AND {pvis}"
        " {stand} WHERE {ovis} AND {where}{order}"
    ).format(
        order=sql.SQL(" ORDER BY o.basisfunctie, o.thema, o.toegevoegd_positie" if order else ""),
        hygiene=hygiene("o", "s", as_of),
        deelstappen=deelstappen,
        pvis=temporal.visible("p", as_of, "ontwikkelplan_view"),
        stand=latest_stand(sql.SQL("o.punt_id"), as_of),
        ovis=temporal.visible("o", as_of, "ontwikkelpunt_view"),
        where=where,
    )


async def points(
    conn: AsyncConnection[Any],
    as_of: int | None,
    stale_weeks: int,
    *,
    plan_id: UUID | None = None,
    punt_id: UUID | None = None,
    only: PuntFilter | None = None,
) -> list[PuntRow]:
    """The ontwikkelpunten of a plan (or one point) the reader may see, in
    template order, each with its deelstappen, latest stand and hygiene;
    ``only`` narrows them in SQL."""
    where = sql.SQL("{} AND {}").format(_POINT_WHERE, punt_filter("o", "s", as_of))
    narrowed = (only or PuntFilter()).params()
    params = {"plan": plan_id, "punt": punt_id, "stale_weeks": stale_weeks, **narrowed}
    return await fetch_all(conn, PuntRow, _points_query(as_of, where), params)


_POINT_WHERE = sql.SQL(
    "(%(plan)s::uuid IS NULL OR o.plan_id = %(plan)s) AND (%(punt)s::uuid IS NULL OR o.punt_id = %(punt)s)"
)
POINT_KEYS = ["basisfunctie", "thema", "toegevoegd_positie", "punt_id"]
"""The sort of a plan's points (template order), unique with the id: the keyset of their pages."""


async def points_page(
    conn: AsyncConnection[Any], as_of: int | None, stale_weeks: int, plan_id: UUID, f: PuntFilter, page: PageRequest
) -> Page[PuntRow]:
    """One page of a plan's points in template order, filtered in SQL (and
    counted, when asked, with the same filter)."""
    where = sql.SQL("{} AND {}").format(_POINT_WHERE, punt_filter("o", "s", as_of))

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL("SELECT * FROM ({points}) x WHERE {after} ORDER BY {order} LIMIT {limit}").format(
            points=_points_query(as_of, where, order=False), after=ks.where, order=ks.order_by, limit=ks.limit
        )

    params = {"plan": plan_id, "punt": None, "stale_weeks": stale_weeks, **f.params()}
    return await fetch_page(
        conn,
        build,
        page,
        POINT_KEYS,
        PuntRow,
        lambda r: (r.basisfunctie, r.thema, r.toegevoegd_positie, r.punt_id),
        params,
        alias="x",
    )


@dataclass(frozen=True)
class TimelineRow:
    subject_id: UUID
    volgnummer: int
    peildatum: dt.date
    tekst: str
    signaal: str
    auteur: str
    baseline: bool
    vastgelegd_op: dt.datetime
    positie: int


async def timeline(
    conn: AsyncConnection[Any], as_of: int | None, subject_id: UUID, page: PageRequest
) -> Page[TimelineRow]:
    """One page of the stand van zaken of a point (or of local progress on a
    regional point), baseline first; empty when the reader may not see the subject."""

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT s.subject_id, s.volgnummer, s.peildatum, s.tekst, s.signaal, s.auteur, s.baseline,"
            " s.vastgelegd_op, s.positie FROM stand_van_zaken_view s WHERE {vis} AND s.subject_id = %(subject)s"
            " AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(
            vis=temporal.visible("s", as_of, "stand_van_zaken_view"), after=ks.where, order=ks.order_by, limit=ks.limit
        )

    params = {"subject": subject_id}
    return await fetch_page(
        conn, build, page, ["volgnummer"], TimelineRow, lambda r: (r.volgnummer,), params, alias="s"
    )


@dataclass(frozen=True)
class PlanningRow:
    positie: int
    planning_start: dt.date | None
    planning_gereed: dt.date
    planning_precisie: str
    aangepast: bool
    toelichting: str | None
    actor_id: str
    besluit_id: str | None
    vastgelegd_op: dt.datetime


async def planning_history(conn: AsyncConnection[Any], as_of: int | None, punt_id: UUID) -> list[PlanningRow]:
    """Every planning a point had, oldest first, with who changed it and why."""
    query = sql.SQL(
        "SELECT h.positie, h.planning_start, h.planning_gereed, h.planning_precisie, h.aangepast, h.toelichting,"
        " h.actor_id, h.besluit_id, h.vastgelegd_op FROM planning_historie_view h"
        " WHERE {vis} AND h.punt_id = %(subject)s ORDER BY h.positie"
    ).format(vis=temporal.visible("h", as_of, "planning_historie_view"))
    return await fetch_all(conn, PlanningRow, query, {"subject": punt_id})

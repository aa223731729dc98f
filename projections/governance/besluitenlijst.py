"""Queries: the besluitenlijst (per body or per regio, filtered by period,
kader impact and linked object) and the decision register entry.

Every query takes the caller's scope: ``None`` (programme office, overleg,
auditor, secretaris: every besluit) or a gemeentecode (a gemeente reads only
besluiten of its own regio that concern the whole regio or name it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.rows import fetch_all, fetch_one


@dataclass(frozen=True)
class BesluitFilter:
    regio: str | None = None
    gremium: str | None = None
    van: dt.date | None = None
    tot: dt.date | None = None
    kader: str | None = None  # "inhoudelijk", "financieel", "geen", "een_van_beide"
    object_id: str | None = None
    status: str | None = None
    besluit_id: UUID | None = None
    overleg_id: UUID | None = None


@dataclass(frozen=True)
class BesluitRow:
    besluit_id: UUID
    regio: str
    kenmerk: str
    onderwerp: str
    gremium: str
    overleg_id: UUID | None
    voorstel: str | None
    status: str
    datum: dt.date | None
    vastgelegd_op: dt.datetime | None
    voorgesteld_op: dt.datetime
    kader_inhoudelijk: bool
    kader_financieel: bool
    overwegingen: list[str]
    betreft_gemeenten: list[str]
    mandaat_regel: str | None
    mandaat_versie: int | None
    doorgeleid_van: str | None
    woo_status: str
    woo_datum: dt.date | None
    woo_grond: str | None
    version: int
    sorteerdatum: dt.date


_COLUMNS = (
    "b.besluit_id, b.regio, b.kenmerk, b.onderwerp, b.gremium, b.overleg_id, b.voorstel, b.status, b.datum,"
    " b.vastgelegd_op, b.voorgesteld_op, b.kader_inhoudelijk, b.kader_financieel, b.overwegingen,"
    " b.betreft_gemeenten, b.mandaat_regel, b.mandaat_versie, b.doorgeleid_van, b.woo_status, b.woo_datum,"
    " b.woo_grond, b.version, coalesce(b.datum, b.voorgesteld_op::date) AS sorteerdatum"
)

CONCERNS_SCOPE = """(%(scope)s::text IS NULL
     OR %(scope)s = ANY(b.betreft_gemeenten)
     OR (cardinality(b.betreft_gemeenten) = 0 AND EXISTS (
         SELECT 1 FROM gemeente_view g JOIN regio_view r ON r.regio_id = g.regio_id AND {vr}
         WHERE {vg} AND g.code = %(scope)s AND r.code = b.regio)))"""
"""The besluit ``b`` concerns the reader's scope: every besluit for ``None``, else those that concern
the gemeente or (concerning no gemeente in particular) its regio. Needs ``{vr}`` and ``{vg}``."""

_FILTER = (
    """
(%(regio)s::text IS NULL OR b.regio = %(regio)s)
AND (%(gremium)s::text IS NULL OR b.gremium = %(gremium)s)
AND (%(status)s::text IS NULL OR b.status = %(status)s)
AND (%(id)s::uuid IS NULL OR b.besluit_id = %(id)s)
AND (%(overleg)s::uuid IS NULL OR b.overleg_id = %(overleg)s)
AND (%(van)s::date IS NULL OR b.datum >= %(van)s)
AND (%(tot)s::date IS NULL OR b.datum <= %(tot)s)
AND (%(kader)s::text IS NULL
     OR (%(kader)s = 'inhoudelijk' AND b.kader_inhoudelijk)
     OR (%(kader)s = 'financieel' AND b.kader_financieel)
     OR (%(kader)s = 'een_van_beide' AND (b.kader_inhoudelijk OR b.kader_financieel))
     OR (%(kader)s = 'geen' AND NOT b.kader_inhoudelijk AND NOT b.kader_financieel))
AND (%(obj)s::text IS NULL
     OR EXISTS (SELECT 1 FROM besluit_koppeling_view k WHERE {vk} AND k.besluit_id = b.besluit_id
                AND k.object_id = %(obj)s)
     OR EXISTS (SELECT 1 FROM besluit_effect_view e WHERE {ve} AND e.besluit_id = b.besluit_id::text
                AND e.object_id::text = %(obj)s))
AND """
    + CONCERNS_SCOPE
)


def _where(f: BesluitFilter, scope: str | None, as_of: int | None) -> tuple[sql.Composable, dict[str, Any]]:
    where = sql.SQL(_FILTER).format(
        vk=temporal.visible("k", as_of, "besluit_koppeling_view"),
        ve=temporal.visible("e", as_of, "besluit_effect_view"),
        vr=temporal.visible("r", as_of, "regio_view"),
        vg=temporal.visible("g", as_of, "gemeente_view"),
    )
    params = {
        "regio": f.regio, "gremium": f.gremium, "status": f.status, "id": f.besluit_id, "van": f.van,
        "tot": f.tot, "kader": f.kader, "obj": f.object_id, "scope": scope, "overleg": f.overleg_id,
    }  # fmt: skip
    return sql.SQL("{} AND {}").format(temporal.visible("b", as_of, "besluit_view"), where), params


async def besluitenlijst(
    conn: AsyncConnection[Any], scope: str | None, f: BesluitFilter, page: PageRequest, as_of: int | None
) -> Page[BesluitRow]:
    """Newest first (date decided, or proposed while undecided)."""
    where, params = _where(f, scope, as_of)

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT * FROM (SELECT {cols} FROM besluit_view b WHERE {where}) s"
            " WHERE {after} ORDER BY {order} LIMIT {lim}"
        ).format(cols=sql.SQL(_COLUMNS), where=where, after=ks.where, order=ks.order_by, lim=ks.limit)

    return await fetch_page(
        conn,
        build,
        page,
        ["sorteerdatum", "besluit_id"],
        BesluitRow,
        lambda r: (r.sorteerdatum, r.besluit_id),
        params,
        alias="s",
        descending=True,
    )


async def besluit(
    conn: AsyncConnection[Any], scope: str | None, besluit_id: UUID, as_of: int | None
) -> BesluitRow | None:
    where, params = _where(BesluitFilter(besluit_id=besluit_id), scope, as_of)
    query = sql.SQL("SELECT {cols} FROM besluit_view b WHERE {where}").format(cols=sql.SQL(_COLUMNS), where=where)
    return await fetch_one(conn, BesluitRow, query, params)


@dataclass(frozen=True)
class BeslispuntRow:
    besluit_id: UUID
    nummer: int
    tekst: str
    uitkomst: str


@dataclass(frozen=True)
class AdviesRow:
    besluit_id: UUID
    adviseur: str
    adviseur_soort: str
    standpunt: str
    toelichting: str | None
    datum: dt.date


@dataclass(frozen=True)
class KoppelingRow:
    besluit_id: UUID
    soort: str
    object_id: str


@dataclass(frozen=True)
class HistorieRow:
    besluit_id: UUID
    positie: int
    versie: int
    stap: str
    recorded_at: dt.datetime
    actor_id: str
    toelichting: str | None
    correctie_van: int | None
    details: dict[str, Any]


_PARTS: dict[type, tuple[str, str, str]] = {
    BeslispuntRow: ("besluit_beslispunt_view", "besluit_id, nummer, tekst, uitkomst", "nummer"),
    AdviesRow: (
        "besluit_advies_view",
        "besluit_id, adviseur, adviseur_soort, standpunt, toelichting, datum",
        "positie",
    ),
    KoppelingRow: ("besluit_koppeling_view", "besluit_id, soort, object_id", "soort, object_id"),
    HistorieRow: (
        "besluit_historie_view",
        "besluit_id, positie, versie, stap, recorded_at, actor_id, toelichting, correctie_van, details",
        "positie",
    ),
}


async def onderdelen(conn: AsyncConnection[Any], kind: type[Any], ids: list[UUID], as_of: int | None) -> list[Any]:
    """The beslispunten, adviezen, koppelingen or history rows of the given besluiten."""
    table, cols, order = _PARTS[kind]
    query = sql.SQL(
        "SELECT {cols} FROM {t} x WHERE {vis} AND besluit_id = ANY(%(ids)s) ORDER BY besluit_id, {o}"
    ).format(cols=sql.SQL(cols), t=sql.Identifier(table), vis=temporal.visible("x", as_of, table), o=sql.SQL(order))
    return await fetch_all(conn, kind, query, {"ids": ids})

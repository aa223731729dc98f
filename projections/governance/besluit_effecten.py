"""View: the effects of besluiten, traceable both ways.

Every event of every aggregate carries the besluit on whose authority it was
made (``besluit_id`` in its metadata, see ``domain/base.py``). This projection
catches every such event, whatever its type, and records per besluit which
object was changed by which event type, and when. Query it from the besluit
(:func:`effecten_van_besluit`) or from the object (:func:`besluiten_voor_object`,
which also lists besluiten that link the object explicitly).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from projections import temporal
from projections.base import Position, Projection
from projections.governance.besluitenlijst import CONCERNS_SCOPE
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.rows import fetch_all


class BesluitEffectenProjection(Projection):
    name = "besluit_effecten"
    tables = ("besluit_effect_view",)

    def wants(self, event_type: type) -> bool:
        return True  # any event that carries a besluit_id

    def process(self, cur: Cursor[Any], event: object, pos: Position) -> bool:
        besluit = getattr(event, "besluit_id", None)
        object_id = getattr(event, "originator_id", None)
        if not besluit or not isinstance(object_id, UUID):
            return False
        qualname = type(event).__qualname__
        row = {
            "besluit_id": str(besluit), "positie": pos.id, "object_id": object_id,
            "object_type": qualname.split(".")[0], "object_version": int(getattr(event, "originator_version", 0)),
            "event_type": qualname, "recorded_at": pos.recorded_at, "actor_id": str(getattr(event, "actor_id", "")),
            "geldig_op": temporal.valid_on(event, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "besluit_effect_view", row, pos.id)
        return True


@dataclass(frozen=True)
class EffectRow:
    besluit_id: str
    positie: int
    object_id: UUID
    object_type: str
    object_version: int
    event_type: str
    recorded_at: dt.datetime
    actor_id: str


async def effecten_van_besluiten(
    conn: AsyncConnection[Any], besluit_ids: list[str], as_of: int | None
) -> list[EffectRow]:
    """What was changed on the authority of each of ``besluit_ids``, in log order."""
    query = sql.SQL(
        "SELECT besluit_id, positie, object_id, object_type, object_version, event_type, recorded_at, actor_id"
        " FROM besluit_effect_view e WHERE {} AND besluit_id = ANY(%(ids)s) ORDER BY positie"
    ).format(temporal.visible("e", as_of, "besluit_effect_view"))
    return await fetch_all(conn, EffectRow, query, {"ids": [str(i) for i in besluit_ids]})


async def effecten_van_besluit(
    conn: AsyncConnection[Any], besluit_id: UUID | str, as_of: int | None
) -> list[EffectRow]:
    """What was changed on the authority of ``besluit_id``, in log order."""
    return await effecten_van_besluiten(conn, [str(besluit_id)], as_of)


@dataclass(frozen=True)
class BesluitVoorObjectRow:
    """A besluit that concerns an object: it changed it (``effect``) or links it (``koppeling``)."""

    besluit_id: str
    kenmerk: str | None
    onderwerp: str | None
    gremium: str | None
    status: str | None
    datum: dt.date | None
    relatie: str
    event_type: str | None
    positie: int | None
    recorded_at: dt.datetime | None


async def besluiten_voor_object(
    conn: AsyncConnection[Any], object_id: UUID | str, as_of: int | None
) -> list[BesluitVoorObjectRow]:
    """Every besluit that changed ``object_id`` (one row per change) or links it."""
    query = sql.SQL(
        "SELECT x.besluit_id, b.kenmerk, b.onderwerp, b.gremium, b.status, b.datum, x.relatie, x.event_type,"
        " x.positie, x.recorded_at FROM ("
        "  SELECT e.besluit_id, 'effect' AS relatie, e.event_type, e.positie, e.recorded_at"
        "  FROM besluit_effect_view e WHERE {ve} AND e.object_id::text = %(obj)s"
        "  UNION ALL"
        "  SELECT k.besluit_id::text, 'koppeling', NULL, NULL, NULL"
        "  FROM besluit_koppeling_view k WHERE {vk} AND k.object_id = %(obj)s"
        ") x LEFT JOIN besluit_view b ON b.besluit_id::text = x.besluit_id AND {vb}"
        " ORDER BY x.positie NULLS LAST, x.besluit_id"
    ).format(
        ve=temporal.visible("e", as_of, "besluit_effect_view"),
        vk=temporal.visible("k", as_of, "besluit_koppeling_view"),
        vb=temporal.visible("b", as_of, "besluit_view"),
    )
    return await fetch_all(conn, BesluitVoorObjectRow, query, {"obj": str(object_id)})


@dataclass(frozen=True)
class BesluitVoorObjectPageRow(BesluitVoorObjectRow):
    """A :class:`BesluitVoorObjectRow` with its place in the list (effects by position, then links)."""

    volgorde: int


LAST = 2**63 - 1
"""The ``volgorde`` of a link (it has no position): after every effect."""

_VOOR_OBJECT_PAGE = (
    """
SELECT * FROM (
  SELECT x.besluit_id, b.kenmerk, b.onderwerp, b.gremium, b.status, b.datum, x.relatie, x.event_type, x.positie,
         x.recorded_at, coalesce(x.positie, %(last)s) AS volgorde
  FROM (
    SELECT e.besluit_id, 'effect' AS relatie, e.event_type, e.positie, e.recorded_at
    FROM besluit_effect_view e WHERE {ve} AND e.object_id::text = ANY(%(keys)s::text[])
    UNION
    SELECT k.besluit_id::text, 'koppeling', NULL, NULL, NULL
    FROM besluit_koppeling_view k WHERE {vk} AND k.object_id = ANY(%(keys)s::text[])
  ) x LEFT JOIN besluit_view b ON b.besluit_id::text = x.besluit_id AND {vb}
  WHERE %(scope)s::text IS NULL OR (b.besluit_id IS NOT NULL AND """
    + CONCERNS_SCOPE
    + """)
) s WHERE {after} ORDER BY {order} LIMIT {limit}
"""
)


async def besluiten_voor_object_page(
    conn: AsyncConnection[Any], keys: Sequence[str], scope: str | None, page: PageRequest, as_of: int | None
) -> Page[BesluitVoorObjectPageRow]:
    """One page of :func:`besluiten_voor_object` for every text that names the object (``keys``), in the
    same order (effects by position, then links by besluit), only the besluiten the reader's ``scope``
    may see (as ``besluitenlijst``); a link made twice (by uuid and by global id) counts once."""
    vis = {f"v{a}": temporal.visible(a, as_of, table) for a, table in VOOR_OBJECTEN_TABLES.items()}

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(_VOOR_OBJECT_PAGE).format(after=ks.where, order=ks.order_by, limit=ks.limit, **vis)

    params = {"keys": list(keys), "scope": scope, "last": LAST}
    return await fetch_page(
        conn,
        build,
        page,
        ["volgorde", "besluit_id", "relatie"],
        BesluitVoorObjectPageRow,
        lambda r: (r.volgorde, r.besluit_id, r.relatie),
        params,
        alias="s",
    )


@dataclass(frozen=True)
class BesluitVoorObjectenRow(BesluitVoorObjectRow):
    """A :class:`BesluitVoorObjectRow` with the object it belongs to (batched reads)."""

    object_id: UUID


VOOR_OBJECTEN_TABLES = {
    "e": "besluit_effect_view", "k": "besluit_koppeling_view", "b": "besluit_view",
    "r": "regio_view", "g": "gemeente_view",
}  # fmt: skip
_VOOR_OBJECTEN = """
SELECT x.besluit_id, b.kenmerk, b.onderwerp, b.gremium, b.status, b.datum, x.relatie, x.event_type, x.positie,
       x.recorded_at, x.object_id
FROM (
  SELECT e.object_id, e.besluit_id, 'effect' AS relatie, e.event_type, e.positie, e.recorded_at
  FROM besluit_effect_view e WHERE {ve} AND e.object_id = ANY(%(ids)s::uuid[])
  UNION ALL
  SELECT m.object_id, k.besluit_id::text, 'koppeling', NULL, NULL, NULL
  FROM besluit_koppeling_view k JOIN unnest(%(keys)s::text[], %(key_ids)s::uuid[]) AS m(sleutel, object_id)
    ON k.object_id = m.sleutel
  WHERE {vk}
) x LEFT JOIN besluit_view b ON b.besluit_id::text = x.besluit_id AND {vb}
WHERE %(scope)s::text IS NULL OR x.object_id = ANY(%(eigen)s::uuid[])
   OR %(scope)s = ANY(b.betreft_gemeenten)
   OR (cardinality(b.betreft_gemeenten) = 0 AND EXISTS (
       SELECT 1 FROM gemeente_view g JOIN regio_view r ON r.regio_id = g.regio_id AND {vr}
       WHERE {vg} AND g.code = %(scope)s AND r.code = b.regio))
ORDER BY x.object_id, x.positie NULLS LAST, x.besluit_id
"""


async def besluiten_voor_objecten(
    conn: AsyncConnection[Any],
    sleutels: Mapping[str, UUID],
    as_of: int | None,
    *,
    scope: str | None = None,
    eigen: Sequence[UUID] = (),
) -> dict[UUID, list[BesluitVoorObjectenRow]]:
    """:func:`besluiten_voor_object` for many objects in ONE statement.

    ``sleutels`` maps every text by which a besluit may link an object (its
    uuid, its global id) to the object's uuid. ``scope`` None reads every
    besluit; a gemeentecode only those that concern it or its regio, plus every
    besluit that concerns one of its own objects (``eigen``)."""
    ids = sorted(set(sleutels.values()))
    params = {
        "ids": ids, "keys": list(sleutels), "key_ids": list(sleutels.values()), "scope": scope, "eigen": list(eigen),
    }  # fmt: skip
    vis = {f"v{a}": temporal.visible(a, as_of, table) for a, table in VOOR_OBJECTEN_TABLES.items()}
    result: dict[UUID, list[BesluitVoorObjectenRow]] = {i: [] for i in ids}
    for row in await fetch_all(conn, BesluitVoorObjectenRow, sql.SQL(_VOOR_OBJECTEN).format(**vis), params):
        result[row.object_id].append(row)
    return result

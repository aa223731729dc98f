"""What changed between two instants, grouped for a meeting agenda pack.

Computed from the audit rows (:mod:`projections.audit`) recorded after
position ``t1`` up to and including ``t2``, for a subject: a gemeente, a plan
(with its parts), the programme, or a body (the gremium, its overleggen and
the besluiten proposed to it), or everything the reader may see. Groups, in
agenda order: besluiten genomen, nieuwe stand van zaken, mijlpalen verplaatst,
mijlpalen behaald, toegevoegd, gewijzigd (old and new value per field),
beëindigd. "Since the last overleg" of a body: ``t1`` is the position of the
last ``Overleg.Gehouden`` of that body before ``t2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql
from psycopg.rows import class_row

from projections import temporal
from projections.audit_queries import AUDIT_COLUMNS, AuditRow

PROGRAMME_TYPES = ("Programma", "Project", "Mijlpaal", "MijlpaalInstantie", "Begroting", "Risico")
BESLUIT_EVENTS = ("Besluit.Genomen", "Besluit.Verworpen", "Besluit.Aangehouden", "Besluit.Gecorrigeerd")
GROUPS = (
    ("besluiten", "Besluiten"),
    ("stand_van_zaken", "Nieuwe stand van zaken"),
    ("mijlpalen_verplaatst", "Mijlpalen verplaatst"),
    ("mijlpalen_behaald", "Mijlpalen behaald"),
    ("toegevoegd", "Toegevoegd"),
    ("gewijzigd", "Gewijzigd"),
    ("beeindigd", "Beëindigd of vervallen"),
)


@dataclass(frozen=True)
class ChangeSubject:
    gemeente: str | None = None
    object_id: UUID | None = None
    programma: bool = False
    gremium: str | None = None


@dataclass(frozen=True)
class ChangeGroup:
    key: str
    titel: str
    rows: list[AuditRow]


def group_of(row: AuditRow) -> str:
    name = row.event_type
    if name in BESLUIT_EVENTS:
        return "besluiten"
    if name.endswith(".StandVanZakenBijgewerkt"):
        return "stand_van_zaken"
    if row.object_type.startswith("Mijlpaal") and name.endswith(".Verplaatst"):
        return "mijlpalen_verplaatst"
    if row.object_type.startswith("Mijlpaal") and name.endswith(".Behaald"):
        return "mijlpalen_behaald"
    return {"create": "toegevoegd", "destroy": "beeindigd"}.get(row.actie, "gewijzigd")


def grouped(rows: list[AuditRow]) -> list[ChangeGroup]:
    by_key: dict[str, list[AuditRow]] = {}
    for row in rows:
        by_key.setdefault(group_of(row), []).append(row)
    return [ChangeGroup(key, titel, by_key[key]) for key, titel in GROUPS if key in by_key]


def subject_sql(s: ChangeSubject) -> tuple[sql.Composable, dict[str, Any]]:
    parts = [
        "(%(gem)s::text IS NULL OR a.gemeente = %(gem)s)",
        "(%(oid)s::uuid IS NULL OR a.scope @> ARRAY[%(oid)s::uuid])",
        "(NOT %(prog)s OR a.object_type = ANY(%(types)s))",
        "(%(gremium)s::text IS NULL OR a.object_id IN (SELECT o.object_id FROM audit_object_state o"
        " WHERE o.fields->>'gremium' = %(gremium)s"
        " OR (o.object_type = 'Gremium' AND o.fields->>'code' = %(gremium)s)))",
    ]
    params = {
        "gem": s.gemeente,
        "oid": s.object_id,
        "prog": s.programma,
        "types": list(PROGRAMME_TYPES),
        "gremium": s.gremium,
    }
    return sql.SQL(" AND ".join(parts)), params  # type: ignore[arg-type,unused-ignore]


async def changes_between(
    conn: AsyncConnection[Any], subject: ChangeSubject, scope: str | None, t1: int, t2: int | None
) -> list[ChangeGroup]:
    """The changes recorded after position ``t1`` up to ``t2`` (None: now), grouped."""
    where, params = subject_sql(subject)
    query = sql.SQL(
        "SELECT {cols} FROM audit_trail a WHERE {vis} AND a.position > %(t1)s AND {where}"
        " AND (%(scope)s::text IS NULL OR a.gemeente = %(scope)s) ORDER BY a.position"
    ).format(cols=AUDIT_COLUMNS, vis=temporal.visible("a", t2), where=where)
    async with conn.cursor(row_factory=class_row(AuditRow)) as cur:
        await cur.execute(query, {**params, "t1": t1, "scope": scope})
        return grouped(await cur.fetchall())


async def meetings_held(conn: AsyncConnection[Any], gremium: str, until: int | None) -> list[tuple[UUID, int]]:
    """(overleg id, position of its Gehouden event) of a body's held meetings, oldest first."""
    query = sql.SQL(
        "SELECT a.object_id, a.position FROM audit_trail a JOIN audit_object_state o ON o.object_id = a.object_id"
        " WHERE {vis} AND a.event_type = 'Overleg.Gehouden' AND o.fields->>'gremium' = %s ORDER BY a.position"
    ).format(vis=temporal.visible("a", until))
    cur = await conn.execute(query, (gremium,))
    return [(UUID(str(r[0])), int(r[1])) for r in await cur.fetchall()]


async def agenda_window(
    conn: AsyncConnection[Any], gremium: str, overleg: UUID | None, as_of: int | None
) -> tuple[int, int | None]:
    """(t1, t2) for "since the last overleg": from the meeting held before ``overleg``
    (or the last one held) up to that overleg's Gehouden event (or ``as_of``/now)."""
    held = await meetings_held(conn, gremium, as_of)
    if overleg is not None:
        ends = [p for oid, p in held if oid == overleg]
        if ends:
            before = [p for _, p in held if p < ends[0]]
            return (before[-1] if before else 0), ends[0]
    return (held[-1][1] if held else 0), as_of

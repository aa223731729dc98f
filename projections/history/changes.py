"""What changed between two instants, grouped for a meeting agenda pack.

Computed from the audit rows (:mod:`projections.history.audit`) recorded after
position ``t1`` up to and including ``t2``, for a subject: a gemeente, a plan
(with its parts), the programme, or a body (the gremium, its overleggen and
the besluiten proposed to it), or everything the reader may see. Groups, in
agenda order: besluiten genomen, nieuwe stand van zaken, mijlpalen verplaatst,
mijlpalen behaald, toegevoegd, gewijzigd (old and new value per field),
beëindigd. Paginated in SQL: rows come in agenda order (group, then position),
each labelled with its group, with a keyset on (rang, position); the counts per
group are a separate aggregate. "Since the last overleg" of a body: ``t1`` is the position of the
last ``Overleg.Gehouden`` of that body before ``t2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.history.audit_queries import AUDIT_COLUMNS, AuditRow
from projections.paging import Keyset, Page, PageRequest, fetch_page

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
class ChangeRow(AuditRow):
    """An audit row with its agenda group (``rang``: the index in :data:`GROUPS`)."""

    rang: int

    @property
    def groep(self) -> str:
        return GROUPS[self.rang][0]

    @property
    def titel(self) -> str:
        return GROUPS[self.rang][1]


@dataclass(frozen=True)
class GroupCount:
    key: str
    titel: str
    count: int


# The agenda group of an audit row, in SQL (the rank is the index in GROUPS).
RANG = sql.SQL(
    "CASE WHEN a.event_type = ANY(%(besluit_events)s) THEN 0"
    " WHEN a.event_type LIKE '%%.StandVanZakenBijgewerkt' THEN 1"
    " WHEN a.object_type LIKE 'Mijlpaal%%' AND a.event_type LIKE '%%.Verplaatst' THEN 2"
    " WHEN a.object_type LIKE 'Mijlpaal%%' AND a.event_type LIKE '%%.Behaald' THEN 3"
    " WHEN a.actie = 'create' THEN 4 WHEN a.actie = 'destroy' THEN 6 ELSE 5 END"
)


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


def _window(
    subject: ChangeSubject, scope: str | None, t1: int, t2: int | None
) -> tuple[sql.Composable, dict[str, Any]]:
    """``WHERE`` of the audit rows after ``t1`` up to ``t2`` for a subject and reader."""
    where, params = subject_sql(subject)
    clause = sql.SQL(
        "{vis} AND a.position > %(t1)s AND {where} AND (%(scope)s::text IS NULL OR a.gemeente = %(scope)s)"
    ).format(vis=temporal.visible("a", t2, "audit_trail"), where=where)
    return clause, {**params, "t1": t1, "scope": scope, "besluit_events": list(BESLUIT_EVENTS)}


async def changes_page(
    conn: AsyncConnection[Any], subject: ChangeSubject, scope: str | None, window: tuple[int, int | None],
    page: PageRequest,
) -> Page[ChangeRow]:  # fmt: skip
    """One page of the changes recorded after position ``t1`` up to ``t2`` (None: now),
    in agenda order: by group (:data:`GROUPS`), then by position. Keyset on (rang, position)."""
    where, params = _window(subject, scope, *window)

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT * FROM (SELECT {cols}, {rang} AS rang FROM audit_trail a WHERE {where}) c"
            " WHERE {after} ORDER BY {order} LIMIT {limit}"
        ).format(cols=AUDIT_COLUMNS, rang=RANG, where=where, after=ks.where, order=ks.order_by, limit=ks.limit)

    keys = ["rang", "position"]
    return await fetch_page(conn, build, page, keys, ChangeRow, lambda r: (r.rang, r.position), params, alias="c")


async def group_counts(
    conn: AsyncConnection[Any], subject: ChangeSubject, scope: str | None, window: tuple[int, int | None]
) -> list[GroupCount]:
    """How many changes each non-empty group holds, in agenda order (counted in SQL)."""
    where, params = _window(subject, scope, *window)
    query = sql.SQL("SELECT {rang} AS rang, count(*) FROM audit_trail a WHERE {where} GROUP BY 1 ORDER BY 1").format(
        rang=RANG, where=where
    )
    cur = await conn.execute(query, params)
    return [GroupCount(GROUPS[r][0], GROUPS[r][1], int(n)) for r, n in await cur.fetchall()]


async def meetings_held(conn: AsyncConnection[Any], gremium: str, until: int | None) -> list[tuple[UUID, int]]:
    """(overleg id, position of its Gehouden event) of a body's held meetings, oldest first."""
    query = sql.SQL(
        "SELECT a.object_id, a.position FROM audit_trail a JOIN audit_object_state o ON o.object_id = a.object_id"
        " WHERE {vis} AND a.event_type = 'Overleg.Gehouden' AND o.fields->>'gremium' = %s ORDER BY a.position"
    ).format(vis=temporal.visible("a", until, "audit_trail"))
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

"""Queries on the audit trail (rows written by :mod:`projections.history.audit`).

Every query reads as of a position through :func:`projections.temporal.visible`
and takes the caller's scope: ``None`` (auditor, programmabureau: everything)
or a gemeentecode (a gemeente: only rows of objects of its own gemeente).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.rows import fetch_all

AUDIT_COLUMNS = sql.SQL(
    "a.position, a.object_id, a.object_type, a.object_version, a.event_type, a.actie, a.pdca, a.recorded_at,"
    " a.business_date, a.actor_id, a.request_id, a.toelichting, a.besluit_id, a.gemeente, a.changes"
)


@dataclass(frozen=True)
class AuditRow:
    position: int
    object_id: UUID
    object_type: str
    object_version: int
    event_type: str
    actie: str
    pdca: str | None
    recorded_at: dt.datetime
    business_date: dt.date | None
    actor_id: str
    request_id: str
    toelichting: str | None
    besluit_id: str | None
    gemeente: str | None
    changes: list[dict[str, Any]]


@dataclass(frozen=True)
class AuditFilter:
    """Which rows: of an object (and its parts), of an actor, of a gemeente, in a recorded-time range."""

    object_id: UUID | None = None
    actor_id: str | None = None
    gemeente: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    since_position: int | None = None
    until_position: int | None = None


def filter_sql(f: AuditFilter, scope: str | None) -> tuple[sql.Composable, dict[str, Any]]:
    """The WHERE conditions (besides visibility) and their parameters."""
    parts = [
        "(%(oid)s::uuid IS NULL OR a.scope @> ARRAY[%(oid)s::uuid])",
        "(%(actor)s::text IS NULL OR a.actor_id = %(actor)s)",
        "(%(gem)s::text IS NULL OR a.gemeente = %(gem)s)",
        "(%(scope)s::text IS NULL OR a.gemeente = %(scope)s)",
        "(%(since)s::timestamptz IS NULL OR a.recorded_at >= %(since)s)",
        "(%(until)s::timestamptz IS NULL OR a.recorded_at < %(until)s)",
        "(%(p_since)s::bigint IS NULL OR a.position > %(p_since)s)",
        "(%(p_until)s::bigint IS NULL OR a.position <= %(p_until)s)",
    ]
    params = {
        "oid": f.object_id,
        "actor": f.actor_id,
        "gem": f.gemeente,
        "scope": scope,
        "since": f.since,
        "until": f.until,
        "p_since": f.since_position,
        "p_until": f.until_position,
    }
    return sql.SQL(" AND ".join(parts)), params  # type: ignore[arg-type,unused-ignore]


async def trail(
    conn: AsyncConnection[Any], scope: str | None, f: AuditFilter, page: PageRequest, as_of: int | None
) -> Page[AuditRow]:
    """One page of the audit trail in the order the changes were recorded."""
    where, params = filter_sql(f, scope)

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT {cols} FROM audit_trail a WHERE {vis} AND {where} AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(
            cols=AUDIT_COLUMNS,
            vis=temporal.visible("a", as_of, "audit_trail"),
            where=where,
            after=ks.where,
            order=ks.order_by,
            limit=ks.limit,
        )

    return await fetch_page(conn, build, page, ["position"], AuditRow, lambda r: (r.position,), params, alias="a")


async def all_rows(conn: AsyncConnection[Any], scope: str | None, f: AuditFilter, as_of: int | None) -> list[AuditRow]:
    """Every matching row (for bounded analyses: PDCA history, agenda packs)."""
    where, params = filter_sql(f, scope)
    query = sql.SQL("SELECT {cols} FROM audit_trail a WHERE {vis} AND {where} ORDER BY a.position").format(
        cols=AUDIT_COLUMNS, vis=temporal.visible("a", as_of, "audit_trail"), where=where
    )
    return await fetch_all(conn, AuditRow, query, params)

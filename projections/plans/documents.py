"""Queries for plan documents (export and import): every stand van zaken of
a set of subjects in one statement. The caller passes only subjects it got
from the visibility-filtered plan queries (``projections.plans.queries``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.plans.queries import TimelineRow
from projections.rows import fetch_all


async def standen(conn: AsyncConnection[Any], as_of: int | None, subject_ids: list[UUID]) -> list[TimelineRow]:
    """All standen of these points / local progress records, oldest first per subject."""
    query = sql.SQL(
        "SELECT s.subject_id, s.volgnummer, s.peildatum, s.tekst, s.signaal, s.auteur, s.baseline, s.vastgelegd_op,"
        " s.positie FROM stand_van_zaken_view s WHERE {vis} AND s.subject_id = ANY(%(ids)s)"
        " ORDER BY s.subject_id, s.volgnummer"
    ).format(vis=temporal.visible("s", as_of, "stand_van_zaken_view"))
    return await fetch_all(conn, TimelineRow, query, {"ids": subject_ids})

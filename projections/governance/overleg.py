"""View: overleggen with agenda, attendance and reports; the meeting calendar
with cadence compliance; the agenda pack of a meeting (items with their state)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.gremium import cadans_max_dagen
from domain.overleg import Overleg
from projections import temporal
from projections.base import Position, Projection, handles
from projections.governance.gremia import gremia
from projections.rows import fetch_all


class OverlegProjection(Projection):
    name = "governance_overleg"
    tables = ("overleg_agendapunt_view", "overleg_aanwezige_view", "overleg_rapportage_view", "overleg_view")

    @handles(Overleg.Gepland)
    def gepland(self, cur: Cursor[Any], e: Overleg.Gepland, pos: Position) -> None:
        row = {
            "overleg_id": e.originator_id, "gremium": e.gremium, "regio": e.regio, "datum": e.datum,
            "locatie": e.locatie, "status": "gepland", "version": e.originator_version,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "overleg_view", row, pos.id)

    def _set(self, cur: Cursor[Any], e: Overleg.Event, pos: Position, **changes: Any) -> None:
        changes["version"] = e.originator_version
        changes["geldig_op"] = temporal.valid_on(e, pos.recorded_at)
        temporal.update(cur, "overleg_view", {"overleg_id": e.originator_id}, changes, pos.id)

    @handles(Overleg.AgendapuntToegevoegd)
    def agendapunt(self, cur: Cursor[Any], e: Overleg.AgendapuntToegevoegd, pos: Position) -> None:
        row = {
            "overleg_id": e.originator_id, "nummer": e.nummer, "onderwerp": e.onderwerp, "soort": e.soort,
            "ref_id": e.ref_id, "terugkerend": e.terugkerend, "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "overleg_agendapunt_view", row, pos.id)
        self._set(cur, e, pos)

    @handles(Overleg.AanwezigheidVastgelegd)
    def aanwezigheid(self, cur: Cursor[Any], e: Overleg.AanwezigheidVastgelegd, pos: Position) -> None:
        rows = cur.execute(
            "SELECT volgnr FROM overleg_aanwezige_view WHERE overleg_id = %s AND sys_to IS NULL", (e.originator_id,)
        ).fetchall()
        for (volgnr,) in rows:
            temporal.delete(cur, "overleg_aanwezige_view", {"overleg_id": e.originator_id, "volgnr": volgnr}, pos.id)
        for i, a in enumerate(e.aanwezigen):
            row = {
                "overleg_id": e.originator_id,
                "volgnr": i + 1,
                **a,
                "geldig_op": temporal.valid_on(e, pos.recorded_at),
            }
            temporal.insert(cur, "overleg_aanwezige_view", row, pos.id)
        self._set(cur, e, pos)

    @handles(Overleg.RapportageOntvangen)
    def rapportage(self, cur: Cursor[Any], e: Overleg.RapportageOntvangen, pos: Position) -> None:
        row = {
            "overleg_id": e.originator_id, "positie": pos.id, "soort": e.soort, "door": e.door,
            "onderwerp": e.onderwerp, "document": e.document, "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "overleg_rapportage_view", row, pos.id)
        self._set(cur, e, pos)

    @handles(Overleg.Gehouden)
    def gehouden(self, cur: Cursor[Any], e: Overleg.Gehouden, pos: Position) -> None:
        if e.notulen:
            self._set(cur, e, pos, status="gehouden", notulen=e.notulen)
        else:
            self._set(cur, e, pos, status="gehouden")

    @handles(Overleg.NotulenVastgelegd)
    def notulen(self, cur: Cursor[Any], e: Overleg.NotulenVastgelegd, pos: Position) -> None:
        self._set(cur, e, pos, notulen=e.notulen)

    @handles(Overleg.Geannuleerd)
    def geannuleerd(self, cur: Cursor[Any], e: Overleg.Geannuleerd, pos: Position) -> None:
        self._set(cur, e, pos, status="geannuleerd")


@dataclass(frozen=True)
class OverlegRow:
    overleg_id: UUID
    gremium: str
    regio: str
    datum: dt.date
    locatie: str | None
    status: str
    notulen: str | None
    version: int


_OVERLEG = "SELECT overleg_id, gremium, regio, datum, locatie, status, notulen, version FROM overleg_view o WHERE {}"


async def overleggen(
    conn: AsyncConnection[Any],
    as_of: int | None,
    *,
    regio: str | None = None,
    gremium: str | None = None,
    overleg_id: UUID | None = None,
) -> list[OverlegRow]:
    query = sql.SQL(
        _OVERLEG + " AND (%(regio)s::text IS NULL OR regio = %(regio)s)"
        " AND (%(gremium)s::text IS NULL OR gremium = %(gremium)s)"
        " AND (%(id)s::uuid IS NULL OR overleg_id = %(id)s) ORDER BY datum, gremium"
    ).format(temporal.visible("o", as_of, "overleg_view"))
    return await fetch_all(conn, OverlegRow, query, {"regio": regio, "gremium": gremium, "id": overleg_id})


@dataclass(frozen=True)
class Cadansregel:
    """One body in the calendar: its cadence and whether it kept it."""

    gremium: str
    naam: str
    cadans: str
    max_dagen: int | None
    status: str
    laatste: dt.date | None
    volgende: dt.date | None
    dagen_sinds: int | None
    buiten_cadans: bool
    overschrijdingen: list[tuple[dt.date, dt.date, int]]


def cadansregel(
    code: str, naam: str, cadans: str, status: str, sinds: dt.date, datums: list[dt.date], peildatum: dt.date
) -> Cadansregel:
    """Flag a body that has not met within its cadence (ad hoc and opgeheven bodies never are)."""
    max_dagen = cadans_max_dagen(cadans)
    gehouden = sorted(d for d in datums if d <= peildatum)
    komend = sorted(d for d in datums if d > peildatum)
    laatste = gehouden[-1] if gehouden else None
    dagen = (peildatum - (laatste or sinds)).days
    reeks = [sinds, *gehouden]
    gaten = [(a, b, (b - a).days) for a, b in itertools.pairwise(reeks) if max_dagen and (b - a).days > max_dagen]
    buiten = status == "actief" and max_dagen is not None and dagen > max_dagen
    return Cadansregel(
        code, naam, cadans, max_dagen, status, laatste, komend[0] if komend else None,
        (peildatum - laatste).days if laatste else None, buiten, gaten,
    )  # fmt: skip


async def kalender(
    conn: AsyncConnection[Any], regio: str, peildatum: dt.date, as_of: int | None
) -> tuple[list[Cadansregel], list[OverlegRow]]:
    """The meetings of a regio's bodies and each body's cadence compliance on ``peildatum``."""
    bodies = [g for g in await gremia(conn, regio, as_of) if g.ingesteld_op <= peildatum]
    meetings = await overleggen(conn, as_of, regio=regio)
    regels = []
    for g in bodies:
        datums = [m.datum for m in meetings if m.gremium == g.code and m.status != "geannuleerd"]
        status = "opgeheven" if g.opgeheven_op is not None and g.opgeheven_op <= peildatum else "actief"
        regels.append(cadansregel(g.code, g.naam, g.cadans, status, g.ingesteld_op, datums, peildatum))
    return regels, meetings

"""View: gremia (type, chair, seats, cadence, status, successor) and the
versioned mandate rules of each regio, with the mandate matrix as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.gremium import TYPES, Gremium
from domain.mandaat import SOORTEN, GremiumFeit, Mandaatregeling, beoordeel
from projections import temporal
from projections.base import Position, Projection, handles
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.rows import fetch_all


class GremiumProjection(Projection):
    name = "governance_gremia"
    tables = ("gremium_zetel_view", "gremium_view", "mandaat_regel_view")

    @handles(Gremium.Ingesteld)
    def ingesteld(self, cur: Cursor[Any], e: Gremium.Ingesteld, pos: Position) -> None:
        row = {
            "gremium_id": e.originator_id, "code": e.code, "regio": e.regio, "naam": e.naam, "type": e.type,
            "voorzitter": e.voorzitter, "cadans": e.cadans, "status": "actief", "ingesteld_op": e.ingesteld_op,
            "version": e.originator_version, "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "gremium_view", row, pos.id)
        for z in e.zetels:
            self._zetel(cur, e, z, pos)

    def _zetel(self, cur: Cursor[Any], e: Gremium.Event, z: dict[str, Any], pos: Position) -> None:
        row = {"gremium_id": e.originator_id, "organisatie": z["organisatie"], "deel_agenda": z["deel_agenda"]}
        row |= {"onderwerpen": list(z["onderwerpen"]), "geldig_op": temporal.valid_on(e, pos.recorded_at)}
        temporal.insert(cur, "gremium_zetel_view", row, pos.id)

    def _set(self, cur: Cursor[Any], e: Gremium.Event, pos: Position, **changes: Any) -> None:
        changes["version"] = e.originator_version
        changes["geldig_op"] = temporal.valid_on(e, pos.recorded_at)
        temporal.update(cur, "gremium_view", {"gremium_id": e.originator_id}, changes, pos.id)

    @handles(Gremium.VoorzitterGewijzigd)
    def voorzitter(self, cur: Cursor[Any], e: Gremium.VoorzitterGewijzigd, pos: Position) -> None:
        self._set(cur, e, pos, voorzitter=e.voorzitter)

    @handles(Gremium.CadansGewijzigd)
    def cadans(self, cur: Cursor[Any], e: Gremium.CadansGewijzigd, pos: Position) -> None:
        self._set(cur, e, pos, cadans=e.cadans)

    @handles(Gremium.ZetelToegevoegd)
    def zetel(self, cur: Cursor[Any], e: Gremium.ZetelToegevoegd, pos: Position) -> None:
        z = {"organisatie": e.organisatie, "deel_agenda": e.deel_agenda, "onderwerpen": e.onderwerpen}
        self._zetel(cur, e, z, pos)
        self._set(cur, e, pos)

    @handles(Gremium.ZetelVervallen)
    def zetel_vervallen(self, cur: Cursor[Any], e: Gremium.ZetelVervallen, pos: Position) -> None:
        temporal.delete(
            cur, "gremium_zetel_view", {"gremium_id": e.originator_id, "organisatie": e.organisatie}, pos.id
        )
        self._set(cur, e, pos)

    @handles(Gremium.Opgeheven)
    def opgeheven(self, cur: Cursor[Any], e: Gremium.Opgeheven, pos: Position) -> None:
        self._set(cur, e, pos, status="opgeheven", opgeheven_op=e.opgeheven_op, opvolger=e.opvolger)

    @handles(Gremium.VoorgangersOpgenomen)
    def voorgangers(self, cur: Cursor[Any], e: Gremium.VoorgangersOpgenomen, pos: Position) -> None:
        row = cur.execute(
            "SELECT voorgangers FROM gremium_view WHERE gremium_id = %s AND sys_to IS NULL", (e.originator_id,)
        ).fetchone()
        current = list(row[0]) if row else []
        self._set(cur, e, pos, voorgangers=[*current, *e.voorgangers])

    @handles(Mandaatregeling.Vastgesteld, Mandaatregeling.Gewijzigd)
    def regels(self, cur: Cursor[Any], e: Any, pos: Position) -> None:
        versie = getattr(e, "versie", 1)
        regio = e.regio
        for i, r in enumerate(e.regels):
            row = {
                "regio": regio, "versie": versie, "volgnr": i + 1, "geldig_vanaf": e.geldig_vanaf,
                "besluit_id": e.besluit_id, "code": r["code"], "omschrijving": r["omschrijving"],
                "bevoegdheid": r["bevoegdheid"], "gremium_type": r.get("gremium_type"), "gremium": r.get("gremium"),
                "status": r.get("status"), "soorten": list(r.get("soorten", [])), "na": list(r.get("na", [])),
                "escaleer_naar": r.get("escaleer_naar"), "regeling_version": e.originator_version,
                "geldig_op": temporal.valid_on(e, pos.recorded_at),
            }  # fmt: skip
            temporal.insert(cur, "mandaat_regel_view", row, pos.id)


@dataclass(frozen=True)
class GremiumRow:
    gremium_id: UUID
    code: str
    regio: str
    naam: str
    type: str
    voorzitter: str | None
    cadans: str
    status: str
    ingesteld_op: dt.date
    opgeheven_op: dt.date | None
    opvolger: str | None
    voorgangers: list[str]
    version: int


@dataclass(frozen=True)
class ZetelRow:
    gremium_id: UUID
    organisatie: str
    deel_agenda: bool
    onderwerpen: list[str]


async def gremia(
    conn: AsyncConnection[Any], regio: str | None, as_of: int | None, code: str | None = None
) -> list[GremiumRow]:
    query = sql.SQL(
        "SELECT gremium_id, code, regio, naam, type, voorzitter, cadans, status, ingesteld_op, opgeheven_op,"
        " opvolger, voorgangers, version FROM gremium_view g WHERE {}"
        " AND (%(regio)s::text IS NULL OR regio = %(regio)s) AND (%(code)s::text IS NULL OR code = %(code)s)"
        " ORDER BY regio, code"
    ).format(temporal.visible("g", as_of, "gremium_view"))
    return await fetch_all(conn, GremiumRow, query, {"regio": regio, "code": code})


async def gremia_page(
    conn: AsyncConnection[Any], regio: str | None, as_of: int | None, page: PageRequest
) -> Page[GremiumRow]:
    """One page of the gremia (of a regio), by regio and code."""

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT gremium_id, code, regio, naam, type, voorzitter, cadans, status, ingesteld_op, opgeheven_op,"
            " opvolger, voorgangers, version FROM gremium_view g WHERE {vis}"
            " AND (%(regio)s::text IS NULL OR regio = %(regio)s) AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(vis=temporal.visible("g", as_of), after=ks.where, order=ks.order_by, limit=ks.limit)

    key = ["regio", "code"]
    return await fetch_page(
        conn, build, page, key, GremiumRow, lambda r: (r.regio, r.code), {"regio": regio}, alias="g"
    )


async def zetels(conn: AsyncConnection[Any], gremium_ids: list[UUID], as_of: int | None) -> list[ZetelRow]:
    query = sql.SQL(
        "SELECT gremium_id, organisatie, deel_agenda, onderwerpen FROM gremium_zetel_view z"
        " WHERE {} AND gremium_id = ANY(%(ids)s) ORDER BY organisatie"
    ).format(temporal.visible("z", as_of, "gremium_zetel_view"))
    return await fetch_all(conn, ZetelRow, query, {"ids": gremium_ids})


@dataclass(frozen=True)
class RegelRow:
    versie: int
    volgnr: int
    geldig_vanaf: dt.date
    besluit_id: str | None
    code: str
    omschrijving: str
    bevoegdheid: str
    gremium_type: str | None
    gremium: str | None
    status: str | None
    soorten: list[str]
    na: list[str]
    escaleer_naar: str | None
    regeling_version: int


async def regels_op(conn: AsyncConnection[Any], regio: str, datum: dt.date, as_of: int | None) -> list[RegelRow]:
    """The rules of the version in force on ``datum`` (as recorded at ``as_of``)."""
    query = sql.SQL(
        "SELECT versie, volgnr, geldig_vanaf, besluit_id, code, omschrijving, bevoegdheid, gremium_type, gremium,"
        " status, soorten, na, escaleer_naar, regeling_version FROM mandaat_regel_view m WHERE {vis}"
        " AND regio = %(regio)s AND versie = (SELECT max(versie) FROM mandaat_regel_view v WHERE {vis_v}"
        " AND v.regio = %(regio)s AND v.geldig_vanaf <= %(datum)s) ORDER BY volgnr"
    ).format(
        vis=temporal.visible("m", as_of, "mandaat_regel_view"), vis_v=temporal.visible("v", as_of, "mandaat_regel_view")
    )
    return await fetch_all(conn, RegelRow, query, {"regio": regio, "datum": datum})


@dataclass(frozen=True)
class MatrixCel:
    gremium: str
    gremium_naam: str
    gremium_type: str
    gremium_status: str
    soort: str
    bevoegdheid: str
    regel: str
    omschrijving: str
    na: list[str]


def _status_op(g: GremiumRow, datum: dt.date) -> str:
    return "opgeheven" if g.opgeheven_op is not None and g.opgeheven_op <= datum else "actief"


async def mandaatmatrix(
    conn: AsyncConnection[Any], regio: str, datum: dt.date, as_of: int | None
) -> tuple[int | None, list[MatrixCel]]:
    """Body × kind of decision → besluit / advies / geen, by the rules in force on ``datum``."""
    regels = await regels_op(conn, regio, datum, as_of)
    bodies = [g for g in await gremia(conn, regio, as_of) if g.ingesteld_op <= datum]
    as_dicts = [vars(r) for r in regels]
    cellen = []
    for g in sorted(bodies, key=lambda b: (TYPES.index(b.type), b.code)):
        feit = GremiumFeit(g.code, g.type, _status_op(g, datum), g.opvolger)
        for soort in SOORTEN:
            o = beoordeel(as_dicts, feit, soort)
            cellen.append(
                MatrixCel(g.code, g.naam, g.type, feit.status, soort, o.bevoegdheid, o.regel, o.omschrijving, o.na)
            )
    return (regels[0].versie if regels else None), cellen

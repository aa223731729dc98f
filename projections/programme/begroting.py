"""View: the budget overview (lines with amounts per year and totals, kaders,
funding sources, realisation per half year, accountability status).

Totals, realisation sums and the overdue flag are computed in SQL at query
time from temporal rows, so they hold as of any instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.begroting import Begroting
from domain.principal import Principal, require_programme_reader
from projections import temporal
from projections.base import Position, Projection, handles
from projections.programme.valid import geldig
from projections.rows import fetch_all


class BudgetProjection(Projection):
    name = "budget"
    tables = (
        "begroting_verantwoording_view",
        "begroting_realisatie_view",
        "begroting_bron_view",
        "begroting_regel_jaar_view",
        "begroting_regel_view",
        "begroting_view",
    )

    @staticmethod
    def _begroting(cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        changes |= {"version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, "begroting_view", {"begroting_id": e.originator_id}, changes, pos.id)

    @staticmethod
    def _programma(cur: Cursor[Any], e: Any) -> str:
        row = cur.execute(
            "SELECT programma FROM begroting_view WHERE begroting_id = %s AND sys_to IS NULL", (e.originator_id,)
        ).fetchone()
        assert row is not None
        return str(row[0])

    @handles(Begroting.Opgesteld)
    def opgesteld(self, cur: Cursor[Any], e: Begroting.Opgesteld, pos: Position) -> None:
        row = {"begroting_id": e.originator_id, "programma": e.programma, "jaren": e.jaren, "versie": 0}
        temporal.insert(cur, "begroting_view", row | {"version": e.originator_version} | geldig(e, pos), pos.id)

    @handles(Begroting.RegelVastgelegd)
    def regel(self, cur: Cursor[Any], e: Begroting.RegelVastgelegd, pos: Position) -> None:
        prog = self._programma(cur, e)
        key = {"programma": prog, "code": e.code}
        values = {"taak": e.taak, "invulling": e.invulling, "pm": e.pm} | geldig(e, pos)
        if not temporal.update(cur, "begroting_regel_view", key, values, pos.id):
            count = cur.execute(
                "SELECT count(*) FROM begroting_regel_view WHERE programma = %s AND sys_to IS NULL", (prog,)
            ).fetchone()
            temporal.insert(cur, "begroting_regel_view", key | values | {"volgorde": (count or [0])[0] + 1}, pos.id)
        self._bedragen(cur, key, {int(j): Decimal(b) for j, b in e.bedragen.items()}, e, pos)
        if e.kader_gewijzigd:
            self._kaders(cur, e, prog, pos)
        else:
            self._begroting(cur, e, pos)

    @staticmethod
    def _bedragen(cur: Cursor[Any], key: dict[str, Any], bedragen: dict[int, Decimal], e: Any, pos: Position) -> None:
        cur.execute(
            "SELECT jaar FROM begroting_regel_jaar_view WHERE programma = %s AND code = %s AND sys_to IS NULL",
            (key["programma"], key["code"]),
        )
        for (jaar,) in cur.fetchall():
            if jaar not in bedragen:
                temporal.delete(cur, "begroting_regel_jaar_view", key | {"jaar": jaar}, pos.id)
        for jaar, bedrag in bedragen.items():
            values = {"bedrag": bedrag} | geldig(e, pos)
            if not temporal.update(cur, "begroting_regel_jaar_view", key | {"jaar": jaar}, values, pos.id):
                temporal.insert(cur, "begroting_regel_jaar_view", key | {"jaar": jaar} | values, pos.id)

    def _kaders(self, cur: Cursor[Any], e: Any, prog: str, pos: Position, **changes: Any) -> None:
        """Adopt the current lines as the kaders: each line's total and the programme total."""
        rows = cur.execute(
            "SELECT r.code, r.pm, coalesce(sum(j.bedrag), 0) FROM begroting_regel_view r"
            " LEFT JOIN begroting_regel_jaar_view j ON j.programma = r.programma AND j.code = r.code"
            " AND j.sys_to IS NULL WHERE r.programma = %s AND r.sys_to IS NULL GROUP BY r.code, r.pm",
            (prog,),
        ).fetchall()
        for code, pm, totaal in rows:
            kader = None if pm else totaal
            changes_regel = {"kader": kader} | geldig(e, pos)
            temporal.update(cur, "begroting_regel_view", {"programma": prog, "code": code}, changes_regel, pos.id)
        versie = cur.execute(
            "SELECT versie FROM begroting_view WHERE begroting_id = %s AND sys_to IS NULL", (e.originator_id,)
        ).fetchone()
        kader_totaal = sum((t for _, pm, t in rows if not pm), Decimal(0))
        self._begroting(cur, e, pos, versie=(versie or [0])[0] + 1, kader_totaal=kader_totaal, **changes)

    @handles(Begroting.VersieVastgesteld)
    def vastgesteld(self, cur: Cursor[Any], e: Begroting.VersieVastgesteld, pos: Position) -> None:
        self._kaders(cur, e, self._programma(cur, e), pos, vastgesteld_op=e.datum)

    @handles(Begroting.FinancieringsbronToegevoegd)
    def bron(self, cur: Cursor[Any], e: Begroting.FinancieringsbronToegevoegd, pos: Position) -> None:
        row = {"programma": self._programma(cur, e), "naam": e.naam, "bedrag": e.bedrag, "omschrijving": e.omschrijving}
        temporal.insert(cur, "begroting_bron_view", row | geldig(e, pos), pos.id)
        self._begroting(cur, e, pos)

    @handles(Begroting.RealisatieGeboekt)
    def realisatie(self, cur: Cursor[Any], e: Begroting.RealisatieGeboekt, pos: Position) -> None:
        row = {"programma": self._programma(cur, e), "versie": e.originator_version, "regel": e.regel}
        row |= {"halfjaar": e.halfjaar, "bedrag": e.bedrag}
        temporal.insert(cur, "begroting_realisatie_view", row | geldig(e, pos), pos.id)
        self._begroting(cur, e, pos)

    @handles(Begroting.VerantwoordingAfgelegd)
    def verantwoording(self, cur: Cursor[Any], e: Begroting.VerantwoordingAfgelegd, pos: Position) -> None:
        row = {"programma": self._programma(cur, e), "halfjaar": e.halfjaar, "datum": e.datum, "aan": e.aan}
        row |= {"omschrijving": e.omschrijving}
        temporal.insert(cur, "begroting_verantwoording_view", row | geldig(e, pos), pos.id)
        self._begroting(cur, e, pos)


@dataclass(frozen=True)
class JaarBedragRow:
    jaar: int
    bedrag: Decimal


@dataclass
class RegelRow:
    code: str
    taak: str
    invulling: str
    pm: bool
    kader: Decimal | None
    totaal: Decimal | None
    gerealiseerd: Decimal
    bedragen: list[JaarBedragRow] = field(default_factory=list)


@dataclass(frozen=True)
class BronRow:
    naam: str
    bedrag: Decimal | None
    omschrijving: str


@dataclass(frozen=True)
class HalfjaarRow:
    """Realisation and accountability of one half year."""

    halfjaar: str
    gerealiseerd: Decimal
    verantwoord_op: dt.date | None
    verantwoord_aan: str | None
    te_laat: bool


@dataclass
class BegrotingRow:
    begroting_id: UUID
    programma: str
    jaren: list[int]
    versie: int
    vastgesteld_op: dt.date | None
    kader_totaal: Decimal | None
    totaal: Decimal
    version: int
    totaal_per_jaar: list[JaarBedragRow] = field(default_factory=list)
    regels: list[RegelRow] = field(default_factory=list)
    pm_regels: list[str] = field(default_factory=list)
    bronnen: list[BronRow] = field(default_factory=list)
    halfjaren: list[HalfjaarRow] = field(default_factory=list)


_LINES = """
FROM begroting_regel_view r JOIN begroting_regel_jaar_view j
  ON j.programma = r.programma AND j.code = r.code AND {vis_j}
WHERE {vis_r} AND r.programma = %(p)s AND NOT r.pm"""

_BEGROTING = sql.SQL(
    "SELECT b.begroting_id, b.programma, b.jaren, b.versie, b.vastgesteld_op, b.kader_totaal, b.version,"
    " (SELECT coalesce(sum(j.bedrag), 0)" + _LINES + ") AS totaal"
    " FROM begroting_view b WHERE {vis_b} AND b.programma = %(p)s"
)
_PER_JAAR = sql.SQL("SELECT j.jaar, sum(j.bedrag) AS bedrag" + _LINES + " GROUP BY j.jaar ORDER BY j.jaar")
_REGELS = sql.SQL(
    "SELECT r.code, r.taak, r.invulling, r.pm, r.kader,"
    " CASE WHEN r.pm THEN NULL ELSE (SELECT coalesce(sum(j.bedrag), 0) FROM begroting_regel_jaar_view j"
    "   WHERE {vis_j} AND j.programma = r.programma AND j.code = r.code) END AS totaal,"
    " (SELECT coalesce(sum(x.bedrag), 0) FROM begroting_realisatie_view x"
    "   WHERE {vis_x} AND x.programma = r.programma AND x.regel = r.code) AS gerealiseerd"
    " FROM begroting_regel_view r WHERE {vis_r} AND r.programma = %(p)s ORDER BY r.volgorde"
)
_JAREN = sql.SQL(
    "SELECT j.code, j.jaar, j.bedrag FROM begroting_regel_jaar_view j WHERE {vis_j} AND j.programma = %(p)s"
    " ORDER BY j.code, j.jaar"
)
_BRONNEN = sql.SQL(
    "SELECT s.naam, s.bedrag, s.omschrijving FROM begroting_bron_view s WHERE {vis_s} AND s.programma = %(p)s"
    " ORDER BY s.sys_from, s.naam"
)
_HALFJAREN = sql.SQL(
    "WITH h AS (SELECT y::text || '-H' || n AS halfjaar,"
    "   CASE WHEN n = 1 THEN make_date(y, 6, 30) ELSE make_date(y, 12, 31) END AS eind"
    "   FROM begroting_view b, unnest(b.jaren) AS y, (VALUES (1), (2)) AS t(n)"
    "   WHERE {vis_b} AND b.programma = %(p)s)"
    " SELECT h.halfjaar, (SELECT coalesce(sum(x.bedrag), 0) FROM begroting_realisatie_view x"
    "   WHERE {vis_x} AND x.programma = %(p)s AND x.halfjaar = h.halfjaar) AS gerealiseerd,"
    " v.datum AS verantwoord_op, v.aan AS verantwoord_aan,"
    " (v.datum IS NULL AND %(peildatum)s::date > h.eind) AS te_laat"
    " FROM h LEFT JOIN begroting_verantwoording_view v"
    "   ON v.programma = %(p)s AND v.halfjaar = h.halfjaar AND {vis_v} ORDER BY h.halfjaar"
)


@dataclass(frozen=True)
class _CodeJaarBedrag:
    code: str
    jaar: int
    bedrag: Decimal


_ALIASES = {
    "b": "begroting_view",
    "r": "begroting_regel_view",
    "j": "begroting_regel_jaar_view",
    "x": "begroting_realisatie_view",
    "s": "begroting_bron_view",
    "v": "begroting_verantwoording_view",
}


def _fmt(query: sql.SQL, as_of: int | None) -> sql.Composed:
    return query.format(**{f"vis_{a}": temporal.visible(a, as_of, table) for a, table in _ALIASES.items()})


async def begroting(
    conn: AsyncConnection[Any], reader: Principal, programma: str, as_of: int | None, peildatum: dt.date
) -> BegrotingRow | None:
    """The budget overview of one programme: six queries, totals computed in SQL."""
    require_programme_reader(reader)
    p = {"p": programma, "peildatum": peildatum}
    found = await fetch_all(conn, BegrotingRow, _fmt(_BEGROTING, as_of), p)
    if not found:
        return None
    b: BegrotingRow = found[0]
    b.totaal_per_jaar = await fetch_all(conn, JaarBedragRow, _fmt(_PER_JAAR, as_of), p)
    regels: list[RegelRow] = await fetch_all(conn, RegelRow, _fmt(_REGELS, as_of), p)
    jaren: list[_CodeJaarBedrag] = await fetch_all(conn, _CodeJaarBedrag, _fmt(_JAREN, as_of), p)
    for r in regels:
        r.bedragen = [JaarBedragRow(j.jaar, j.bedrag) for j in jaren if j.code == r.code]
    b.regels = regels
    b.pm_regels = [r.code for r in regels if r.pm]
    b.bronnen = await fetch_all(conn, BronRow, _fmt(_BRONNEN, as_of), p)
    b.halfjaren = await fetch_all(conn, HalfjaarRow, _fmt(_HALFJAREN, as_of), p)
    return b

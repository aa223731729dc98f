"""View: the programme overview (programma, phases, linked initiatives,
projects with goals, local plannings and progress reports)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, Cursor, sql

from domain.principal import Principal, require_programme_reader
from domain.programma import FASEN, Programma
from domain.project import Project
from projections import temporal
from projections.base import Position, Projection, handles
from projections.paging import Keyset, Page, PageRequest, fetch_page
from projections.programme.valid import geldig
from projections.rows import fetch_all


class ProgrammeProjection(Projection):
    name = "programme"
    tables = (
        "project_voortgang_view",
        "project_lokale_planning_view",
        "project_doel_view",
        "project_view",
        "programma_initiatief_view",
        "programma_fase_view",
        "programma_view",
    )

    @staticmethod
    def _programma(cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        changes |= {"version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, "programma_view", {"programma_id": e.originator_id}, changes, pos.id)

    @handles(Programma.Gestart)
    def gestart(self, cur: Cursor[Any], e: Programma.Gestart, pos: Position) -> None:
        row = {"programma_id": e.originator_id, "code": e.code, "naam": e.naam, "regio": e.regio}
        row |= {"periode_start": e.periode_start, "periode_eind": e.periode_eind, "doelen": e.doelen}
        row |= {"opdrachtgevers": e.opdrachtgevers, "version": e.originator_version} | geldig(e, pos)
        temporal.insert(cur, "programma_view", row, pos.id)

    @handles(Programma.OpdrachtgeverschapVastgelegd)
    def opdrachtgeverschap(self, cur: Cursor[Any], e: Programma.OpdrachtgeverschapVastgelegd, pos: Position) -> None:
        self._programma(
            cur,
            e,
            pos,
            ambtelijk=e.ambtelijk,
            bestuurlijk=e.bestuurlijk,
            bestuurlijk_lead=e.bestuurlijk_lead,
            programmamanager=e.programmamanager,
        )

    @handles(Programma.InitiatiefGekoppeld)
    def initiatief(self, cur: Cursor[Any], e: Programma.InitiatiefGekoppeld, pos: Position) -> None:
        row = {"programma_id": e.originator_id, "naam": e.naam, "relatie": e.relatie, "eigenaar": e.eigenaar}
        temporal.insert(cur, "programma_initiatief_view", row | geldig(e, pos), pos.id)
        self._programma(cur, e, pos)

    @staticmethod
    def _fase(cur: Cursor[Any], e: Any, pos: Position, changes: dict[str, Any]) -> None:
        """Change the phase's current row, or add it (a phase is planned or started first)."""
        key = {"programma_id": e.originator_id, "fase": e.fase}
        changes = changes | geldig(e, pos)
        if temporal.update(cur, "programma_fase_view", key, changes, pos.id) == 0:
            temporal.insert(cur, "programma_fase_view", key | {"volgorde": FASEN.index(e.fase)} | changes, pos.id)

    @handles(Programma.FaseGepland)
    def fase_gepland(self, cur: Cursor[Any], e: Programma.FaseGepland, pos: Position) -> None:
        changes = {"geplande_start": e.geplande_start, "geplande_eind": e.geplande_eind}
        self._fase(cur, e, pos, changes | {"oplevering": e.oplevering, "verantwoording_aan": e.verantwoording_aan})
        self._programma(cur, e, pos)

    @handles(Programma.FaseGestart)
    def fase_gestart(self, cur: Cursor[Any], e: Programma.FaseGestart, pos: Position) -> None:
        changes = {"startdatum": e.startdatum, "oplevering": e.oplevering, "verantwoording_aan": e.verantwoording_aan}
        self._fase(cur, e, pos, changes)
        self._programma(cur, e, pos)

    @handles(Programma.FaseAfgerond)
    def fase_afgerond(self, cur: Cursor[Any], e: Programma.FaseAfgerond, pos: Position) -> None:
        key = {"programma_id": e.originator_id, "fase": e.fase}
        temporal.update(cur, "programma_fase_view", key, {"einddatum": e.einddatum} | geldig(e, pos), pos.id)
        self._programma(cur, e, pos)

    @staticmethod
    def _project(cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        changes |= {"version": e.originator_version} | geldig(e, pos)
        temporal.update(cur, "project_view", {"project_id": e.originator_id}, changes, pos.id)

    @handles(Project.Opgenomen)
    def opgenomen(self, cur: Cursor[Any], e: Project.Opgenomen, pos: Position) -> None:
        row = {"project_id": e.originator_id, "code": e.code, "programma": e.programma, "naam": e.naam}
        row |= {"soort": e.soort, "hoofdproject": e.hoofdproject, "herkomst": e.herkomst, "fase": "initiatie"}
        row |= {"omschrijving": e.omschrijving, "version": e.originator_version} | geldig(e, pos)
        temporal.insert(cur, "project_view", row, pos.id)

    @handles(Project.DoelVastgesteld)
    def doel(self, cur: Cursor[Any], e: Project.DoelVastgesteld, pos: Position) -> None:
        row = {"project_id": e.originator_id, "nummer": e.nummer, "tekst": e.tekst}
        temporal.insert(cur, "project_doel_view", row | geldig(e, pos), pos.id)
        self._project(cur, e, pos)

    @handles(Project.DoelBijgesteld)
    def doel_bijgesteld(self, cur: Cursor[Any], e: Project.DoelBijgesteld, pos: Position) -> None:
        key = {"project_id": e.originator_id, "nummer": e.nummer}
        temporal.update(cur, "project_doel_view", key, {"tekst": e.tekst, "reden": e.reden} | geldig(e, pos), pos.id)
        self._project(cur, e, pos)

    @handles(Project.ProjectleiderToegewezen)
    def projectleider(self, cur: Cursor[Any], e: Project.ProjectleiderToegewezen, pos: Position) -> None:
        self._project(cur, e, pos, projectleider=e.projectleider)

    @handles(Project.FaseGewijzigd)
    def project_fase(self, cur: Cursor[Any], e: Project.FaseGewijzigd, pos: Position) -> None:
        self._project(cur, e, pos, fase=e.fase)

    @handles(Project.MijlpalenplanningVastgesteld)
    def planning_vastgesteld(self, cur: Cursor[Any], e: Project.MijlpalenplanningVastgesteld, pos: Position) -> None:
        self._project(cur, e, pos, mijlpalenplanning_vastgesteld=e.datum)

    @handles(Project.LokalePlanningVastgelegd)
    def lokale_planning(self, cur: Cursor[Any], e: Project.LokalePlanningVastgelegd, pos: Position) -> None:
        key = {"project_id": e.originator_id, "gemeente": e.gemeente}
        values: dict[str, Any] = {"startdatum": e.start, "einddatum": e.eind, "lokale_doelen": e.lokale_doelen}
        values |= {"afstemming_met": e.afstemming_met} | geldig(e, pos)
        if not temporal.update(cur, "project_lokale_planning_view", key, values, pos.id):
            temporal.insert(cur, "project_lokale_planning_view", key | values, pos.id)
        self._project(cur, e, pos)

    @handles(Project.VoortgangGerapporteerd)
    def voortgang(self, cur: Cursor[Any], e: Project.VoortgangGerapporteerd, pos: Position) -> None:
        row = {"project_id": e.originator_id, "versie": e.originator_version, "datum": e.datum}
        row |= {"periode": e.periode, "signaal": e.signaal, "verhaal": e.verhaal, "actor_id": e.actor_id}
        temporal.insert(cur, "project_voortgang_view", row | geldig(e, pos), pos.id)
        self._project(cur, e, pos)


@dataclass(frozen=True)
class FaseRow:
    programma_id: UUID
    fase: str
    startdatum: dt.date | None
    einddatum: dt.date | None
    oplevering: str
    verantwoording_aan: str
    geplande_start: dt.date | None
    geplande_eind: dt.date | None


@dataclass(frozen=True)
class InitiatiefRow:
    programma_id: UUID
    naam: str
    relatie: str
    eigenaar: str


@dataclass(frozen=True)
class DoelRow:
    project_id: UUID
    nummer: int
    tekst: str
    reden: str | None


@dataclass(frozen=True)
class LokalePlanningRow:
    project_id: UUID
    gemeente: str
    startdatum: dt.date | None
    einddatum: dt.date | None
    lokale_doelen: list[str]
    afstemming_met: list[str]


@dataclass(frozen=True)
class VoortgangRow:
    project_id: UUID
    versie: int
    datum: dt.date
    periode: str
    signaal: str
    verhaal: str
    actor_id: str


@dataclass
class ProjectRow:
    project_id: UUID
    code: str
    programma: str
    naam: str
    soort: str
    hoofdproject: str | None
    herkomst: str
    omschrijving: str
    projectleider: str | None
    fase: str
    mijlpalenplanning_vastgesteld: dt.date | None
    version: int
    doelen: list[DoelRow] = field(default_factory=list)
    lokale_planningen: list[LokalePlanningRow] = field(default_factory=list)


@dataclass
class ProgrammaRow:
    programma_id: UUID
    code: str
    naam: str
    regio: str
    periode_start: dt.date
    periode_eind: dt.date
    doelen: list[str]
    opdrachtgevers: list[str]
    ambtelijk: list[str]
    bestuurlijk: list[str]
    bestuurlijk_lead: str | None
    programmamanager: str | None
    version: int
    fasen: list[FaseRow] = field(default_factory=list)
    fasering: list[FaseRow] = field(default_factory=list)
    initiatieven: list[InitiatiefRow] = field(default_factory=list)
    projecten: list[ProjectRow] = field(default_factory=list)


def _columns(cls: type[Any]) -> list[str]:
    """The columns of a row class: its fields without a default factory (those are attached after)."""
    return [f.name for f in dataclasses.fields(cls) if f.default_factory is dataclasses.MISSING]


def _select(table: str, alias: str, cls: type[Any], where: str, order: str, as_of: int | None) -> sql.Composed:
    cols = sql.SQL(", ").join(sql.Identifier(alias, c) for c in _columns(cls))
    return sql.SQL("SELECT {} FROM {} {} WHERE {} AND " + where + " ORDER BY " + order).format(
        cols, sql.Identifier(table), sql.Identifier(alias), temporal.visible(alias, as_of, table)
    )


async def programmas(
    conn: AsyncConnection[Any], reader: Principal, as_of: int | None, code: str | None = None
) -> list[ProgrammaRow]:
    """The programmes (or one) with phases, initiatives and projects: six queries, however large."""
    require_programme_reader(reader)
    where = "(%(code)s::text IS NULL OR p.code = %(code)s)"
    query = _select("programma_view", "p", ProgrammaRow, where, "p.code", as_of)
    progs = await fetch_all(conn, ProgrammaRow, query, {"code": code})
    await _attach_programma_details(conn, progs, as_of)
    return progs


async def programmas_page(
    conn: AsyncConnection[Any], reader: Principal, page: PageRequest, as_of: int | None
) -> Page[ProgrammaRow]:
    """One page of the programmes by code, each with its phases, initiatives and projects (the page's
    programmes only: six statements per page, and one more for ``totalCount``)."""
    require_programme_reader(reader)
    columns = sql.SQL(", ").join(sql.Identifier("p", c) for c in _columns(ProgrammaRow))

    def build(ks: Keyset) -> sql.Composable:
        return sql.SQL(
            "SELECT {cols} FROM programma_view p WHERE {vis} AND {after} ORDER BY {order} LIMIT {limit}"
        ).format(
            cols=columns,
            vis=temporal.visible("p", as_of, "programma_view"),
            after=ks.where,
            order=ks.order_by,
            limit=ks.limit,
        )

    rows = await fetch_page(conn, build, page, ["code"], ProgrammaRow, lambda r: (r.code,), {}, alias="p")
    await _attach_programma_details(conn, rows.rows, as_of)
    return rows


async def _attach_programma_details(conn: AsyncConnection[Any], progs: list[ProgrammaRow], as_of: int | None) -> None:
    ids = [p.programma_id for p in progs]
    p = {"ids": ids, "codes": [x.code for x in progs]}
    fasen = await fetch_all(
        conn,
        FaseRow,
        _select("programma_fase_view", "f", FaseRow, "f.programma_id = ANY(%(ids)s)", "f.volgorde", as_of),
        p,
    )
    inits = await fetch_all(
        conn,
        InitiatiefRow,
        _select("programma_initiatief_view", "i", InitiatiefRow, "i.programma_id = ANY(%(ids)s)", "i.naam", as_of),
        p,
    )
    projects = await fetch_all(
        conn, ProjectRow, _select("project_view", "j", ProjectRow, "j.programma = ANY(%(codes)s)", "j.code", as_of), p
    )
    await _attach_project_details(conn, projects, as_of)
    for prog in progs:
        prog.fasering = [f for f in fasen if f.programma_id == prog.programma_id]
        prog.fasen = [f for f in prog.fasering if f.startdatum is not None]
        prog.initiatieven = [i for i in inits if i.programma_id == prog.programma_id]
        prog.projecten = [j for j in projects if j.programma == prog.code]


async def _attach_project_details(conn: AsyncConnection[Any], projects: list[ProjectRow], as_of: int | None) -> None:
    p = {"ids": [j.project_id for j in projects]}
    doelen = await fetch_all(
        conn, DoelRow, _select("project_doel_view", "d", DoelRow, "d.project_id = ANY(%(ids)s)", "d.nummer", as_of), p
    )
    plannings = await fetch_all(
        conn,
        LokalePlanningRow,
        _select(
            "project_lokale_planning_view", "l", LokalePlanningRow, "l.project_id = ANY(%(ids)s)", "l.gemeente", as_of
        ),
        p,
    )
    for j in projects:
        j.doelen = [d for d in doelen if d.project_id == j.project_id]
        j.lokale_planningen = [lp for lp in plannings if lp.project_id == j.project_id]


async def programma(conn: AsyncConnection[Any], reader: Principal, code: str, as_of: int | None) -> ProgrammaRow | None:
    found = await programmas(conn, reader, as_of, code)
    return found[0] if found else None


async def project(conn: AsyncConnection[Any], reader: Principal, code: str, as_of: int | None) -> ProjectRow | None:
    require_programme_reader(reader)
    rows = await fetch_all(
        conn, ProjectRow, _select("project_view", "j", ProjectRow, "j.code = %(code)s", "j.code", as_of), {"code": code}
    )
    await _attach_project_details(conn, rows, as_of)
    return rows[0] if rows else None


async def voortgangsrapportages(
    conn: AsyncConnection[Any], reader: Principal, project_ids: list[UUID], as_of: int | None
) -> list[VoortgangRow]:
    """The progress reports of projects, newest first."""
    require_programme_reader(reader)
    query = _select(
        "project_voortgang_view", "v", VoortgangRow, "v.project_id = ANY(%(ids)s)", "v.datum DESC, v.versie DESC", as_of
    )
    return await fetch_all(conn, VoortgangRow, query, {"ids": project_ids})

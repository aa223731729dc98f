"""Overviews for the programme office as spreadsheets: the regiobeeld, the
mijlpalenplanning and the besluitenlijst. Each reads through the same query
function, filters, authorization scope, ``asOf`` and (regiobeeld and
mijlpalenplanning) ``peildatum`` as its GraphQL field, walking every page (in
pages of the maximum size), so the sheet holds exactly what the API would
answer."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.catalogue import Template, template
from projections import temporal
from projections.governance import besluitenlijst as lijst
from projections.paging import MAX_PAGE_SIZE, Page, PageRequest, decode_cursor
from projections.plans import regiobeeld as rb
from projections.programme import mijlpalen as mv
from service.graphql.context import Context
from service.graphql.governance.common import besluit_scope
from service.graphql.programme.loaders import peildatum_of

R = TypeVar("R")
MAX_PAGES = 500
HEAD = PatternFill("solid", fgColor="1F4E79")


async def _all(fetch: Callable[[PageRequest], Awaitable[Page[R]]]) -> list[R]:
    rows: list[R] = []
    after: tuple[Any, ...] | None = None
    for _ in range(MAX_PAGES):
        page = await fetch(PageRequest(first=MAX_PAGE_SIZE, after=after))
        rows += page.rows
        if not page.has_next or not page.cursors:
            break
        after = decode_cursor(page.cursors[-1])
    return rows


def _sheet(title: str, subtitle: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=subtitle)
    for col, label in enumerate(headers, 1):
        head = ws.cell(row=3, column=col, value=label)
        head.font, head.fill = Font(bold=True, color="FFFFFF"), HEAD
    for r, row in enumerate(rows, 4):
        for col, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=col)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    for col in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(3, len(rows) + 3)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bf(t: Template, nummer: int) -> str:
    bf = t.basisfunctie(nummer)
    return f"{nummer}. {bf.naam}" if bf else str(nummer)


def _stand(as_of: dt.datetime | None, peildatum: dt.date | None = None) -> str:
    stand = f"stand {as_of.isoformat()}" if as_of else f"stand {dt.datetime.now(dt.UTC):%d-%m-%Y %H:%M} UTC"
    return f"{stand} · zoals op {peildatum:%d-%m-%Y}" if peildatum else stand


async def regiobeeld_xlsx(
    ctx: Context, regio: str, as_of: dt.datetime | None, peildatum: dt.date | None = None
) -> bytes:
    position = await ctx.as_of(as_of)
    with temporal.valid_time(peildatum):
        async with ctx.db() as conn:
            rows = await rb.regiobeeld(conn, position, regio)
    t = template()
    headers = [
        "Gemeente",
        "Naam",
        "Basisfunctie",
        "Concept",
        "Vastgesteld",
        "In uitvoering",
        "Afgerond",
        "Vervallen",
        "Op koers",
        "Aandacht nodig",
        "Achter",
        "Zonder stand",
        "Laatste peildatum",
        "Dagen sinds update",
    ]
    data = [
        [
            r.gemeente,
            r.naam,
            _bf(t, r.basisfunctie),
            r.concept,
            r.vastgesteld,
            r.in_uitvoering,
            r.afgerond,
            r.vervallen,
            r.op_koers,
            r.aandacht_nodig,
            r.achter,
            r.zonder_stand,
            r.laatste_peildatum,
            r.dagen_sinds_update,
        ]
        for r in rows
    ]
    return _sheet(f"Regiobeeld {regio}", _stand(as_of, peildatum), headers, data)


async def mijlpalenplanning_xlsx(
    ctx: Context, filters: mv.PlanningFilter, as_of: dt.datetime | None, peildatum: dt.date | None
) -> bytes:
    position = await ctx.as_of(as_of)
    peil = peildatum_of(peildatum, as_of)
    with temporal.valid_time(peildatum):
        async with ctx.db() as conn:
            rows = await _all(lambda page: mv.mijlpalenplanning(conn, ctx.user, filters, page, position, peil))
    headers = [
        "Mijlpaal",
        "Soort",
        "Gemeente",
        "Programma",
        "Project",
        "Basisplanning",
        "Verwachting",
        "Behaald",
        "Status",
        "Slip (dagen)",
        "Redenen",
        "Waarschuwingen",
    ]
    data = [
        [
            r.titel,
            r.soort,
            r.gemeente,
            r.programma or "",
            r.project or "",
            r.baseline,
            r.forecast,
            r.actual,
            r.status,
            r.slip_dagen,
            "; ".join(r.redenen),
            "; ".join(r.waarschuwingen),
        ]
        for r in rows
    ]
    return _sheet("Mijlpalenplanning", f"{_stand(as_of, peildatum)} · beoordeeld op {peil:%d-%m-%Y}", headers, data)


async def besluitenlijst_xlsx(ctx: Context, filters: lijst.BesluitFilter, as_of: dt.datetime | None) -> bytes:
    scope = besluit_scope(ctx.user)
    position = await ctx.as_of(as_of)
    async with ctx.db() as conn:
        rows = await _all(lambda page: lijst.besluitenlijst(conn, scope, filters, page, position))
    headers = [
        "Kenmerk",
        "Datum",
        "Gremium",
        "Onderwerp",
        "Status",
        "Inhoudelijk kader",
        "Financieel kader",
        "Betreft gemeenten",
        "Mandaat",
        "Woo-status",
    ]
    data = [
        [
            r.kenmerk,
            r.datum,
            r.gremium,
            r.onderwerp,
            r.status,
            "ja" if r.kader_inhoudelijk else "nee",
            "ja" if r.kader_financieel else "nee",
            ", ".join(r.betreft_gemeenten),
            r.mandaat_regel or "",
            r.woo_status,
        ]
        for r in rows
    ]
    return _sheet("Besluitenlijst", _stand(as_of), headers, data)

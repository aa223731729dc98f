"""A plan as an Excel workbook for editing: one row per ontwikkelpunt with
the eight Bijlage 3 columns (labels and instructions from the catalogue),
choice lists (data validation) for basisfunctie, thema, soort and status,
and hidden columns with each point's id and version plus a hidden sheet with
the plan's identity, so an edited workbook can be imported back safely."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from domain.catalogue import Template, template
from service.documents.model import FORMAT, REGIONAAL, STATUS_LABELS, Plan, Punt

SHEET = "Ontwikkelpunten"
KOP_SHEET = "Algemene informatie"
LISTS_SHEET = "Keuzelijsten"
META_SHEET = "_voortgang"
HEADER_ROW, INSTRUCTION_ROW, FIRST_ROW = 3, 4, 5
MAX_ROWS = 2000
FIXED = ("Basisfunctie", "Thema", "Soort", "Status")
HIDDEN = ("id", "versie")
SOORT_LABELS = {"lokaal": "lokaal", REGIONAAL: "regionaal vastgesteld"}
WIDTHS = (22, 30, 14, 14, 45, 40, 35, 45, 30, 25, 22, 50)
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
REGIONAL_FILL = PatternFill("solid", fgColor="E2EFDA")
WRAP = Alignment(wrap_text=True, vertical="top")


def bf_label(t: Template, nummer: int) -> str:
    bf = t.basisfunctie(nummer)
    return f"{nummer}. {bf.naam}" if bf else str(nummer)


def thema_label(t: Template, code: str) -> str:
    tabel = t.tabel(code)
    return f"{code} {tabel.titel}" if tabel else code


def headers(t: Template) -> list[str]:
    return [*FIXED, *(k.label for k in t.kolommen), *HIDDEN]


def _lists(wb: Workbook, t: Template) -> dict[str, str]:
    ws = wb.create_sheet(LISTS_SHEET)
    columns = {
        "bf": [bf_label(t, b.nummer) for b in t.basisfuncties],
        "thema": [thema_label(t, tb.code) for tb in t.tabellen],
        "soort": list(SOORT_LABELS.values()),
        "status": list(STATUS_LABELS.values()),
    }
    refs = {}
    for i, (key, values) in enumerate(columns.items(), 1):
        letter = get_column_letter(i)
        for r, value in enumerate(values, 1):
            ws.cell(row=r, column=i, value=value)
        refs[key] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(values)}"
    ws.sheet_state = "hidden"
    return refs


def _validate(ws: Worksheet, refs: dict[str, str]) -> None:
    last = FIRST_ROW + MAX_ROWS - 1
    for col, key, what in (("A", "bf", "basisfunctie"), ("B", "thema", "thema"), ("C", "soort", "soort")):
        dv = DataValidation(type="list", formula1=f"={refs[key]}", allow_blank=True, showErrorMessage=True)
        dv.error, dv.errorTitle = f"Kies een {what} uit de lijst.", "Ongeldige waarde"
        dv.add(f"{col}{FIRST_ROW}:{col}{last}")
        ws.add_data_validation(dv)
    dv = DataValidation(type="list", formula1=f"={refs['status']}", allow_blank=True, showErrorMessage=True)
    dv.error, dv.errorTitle = "Kies een status uit de lijst.", "Ongeldige waarde"
    dv.add(f"D{FIRST_ROW}:D{last}")
    ws.add_data_validation(dv)


def _height(values: Sequence[object], points_per_line: float = 12.5) -> float:
    """Row height for wrapped text (spreadsheet programs do not grow rows that
    a file gives no height)."""
    lines = 1
    for value, width in zip(values, WIDTHS, strict=False):
        text = str(value)
        lines = max(lines, sum(max(1, -(-len(part) // int(width * 1.1))) for part in text.split("\n")))
    return min(409.0, lines * points_per_line)


def _row(ws: Worksheet, r: int, t: Template, p: Punt) -> None:
    cells = p.cellen()
    values = [
        bf_label(t, p.basisfunctie),
        thema_label(t, p.thema),
        SOORT_LABELS[p.soort],
        STATUS_LABELS.get(p.status or "", p.status or ""),
        *(cells[k.code] for k in t.kolommen),
        str(p.id) if p.id else "",
        p.versie if p.versie is not None else "",
    ]
    ws.row_dimensions[r].height = _height(values)
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=r, column=col)
        cell.value = value
        cell.alignment = WRAP
        cell.data_type = "n" if isinstance(value, int) else "s"  # text stays text, never a formula
        if p.soort == REGIONAAL:
            cell.fill = REGIONAL_FILL


def _points_sheet(wb: Workbook, plan: Plan, t: Template) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.cell(row=1, column=1, value=plan.titel).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=t.ondertitel + f" · gemeente {plan.gemeente} · status plan: {plan.status}")
    for col, label in enumerate(headers(t), 1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=label)
        cell.font, cell.fill, cell.alignment = Font(bold=True, color="FFFFFF"), HEAD_FILL, WRAP
    ws.row_dimensions[INSTRUCTION_ROW].height = 110
    for k in t.kolommen:
        cell = ws.cell(row=INSTRUCTION_ROW, column=len(FIXED) + k.nummer, value=k.instructie or None)
        cell.font, cell.alignment = Font(italic=True, size=8, color="595959"), WRAP
    order = {tb.code: tb.volgorde for tb in t.tabellen}
    rows = sorted(plan.punten, key=lambda p: (order.get(p.thema, 99), p.soort == REGIONAAL))
    for i, p in enumerate(rows):
        _row(ws, FIRST_ROW + i, t, p)
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for letter in (get_column_letter(len(FIXED) + 9), get_column_letter(len(FIXED) + 10)):
        ws.column_dimensions[letter].hidden = True
    ws.freeze_panes = f"{get_column_letter(len(FIXED) + 1)}{FIRST_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]


def _kop_sheet(wb: Workbook, plan: Plan) -> None:
    ws = wb.create_sheet(KOP_SHEET)
    ws.append(["Onderdeel", "Niveau", "Titel / waarde", "Verwijzing"])
    for d in plan.kop.documenten:
        ws.append(["Document", d.niveau, d.titel, d.verwijzing or ""])
    for official in plan.kop.portefeuillehouders:
        ws.append(["Verantwoordelijke portefeuillehouder", "", official, ""])
    for official in plan.kop.beleidsmedewerkers:
        ws.append(["Verantwoordelijke beleidsmedewerker", "", official, ""])
    ws.append(["Lokale aanvullingen", "", plan.kop.lokale_aanvullingen, ""])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (36, 12, 80, 30), strict=True):
        ws.column_dimensions[letter].width = width


def _meta_sheet(wb: Workbook, plan: Plan) -> None:
    ws = wb.create_sheet(META_SHEET)
    for key, value in (
        ("format", FORMAT),
        ("gemeente", plan.gemeente),
        ("periode", plan.periode),
        ("plan_id", str(plan.id or "")),
        ("plan_versie", plan.versie if plan.versie is not None else ""),
        ("positie", plan.positie if plan.positie is not None else ""),
        ("template_versie", plan.template_versie),
    ):
        ws.append([key, value])
    ws.sheet_state = "hidden"


def export_xlsx(plan: Plan) -> bytes:
    t = template(plan.template_versie)
    wb = Workbook()
    _points_sheet(wb, plan, t)
    ws = wb[SHEET]
    _validate(ws, _lists(wb, t))
    _kop_sheet(wb, plan)
    _meta_sheet(wb, plan)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""Read a plan workbook: one exported by Voortgang (and edited), or one a
gemeente made by hand with the Bijlage 3 column headings. Formulas, huge
sheets and workbooks without the headings are refused as a whole."""

from __future__ import annotations

import io
import warnings
from typing import Any

from openpyxl import load_workbook

from domain.catalogue import Template
from domain.ontwikkelplan import NIVEAUS
from service.documents.export_xlsx import KOP_SHEET, META_SHEET, SHEET
from service.documents.model import Document, Kop, Locatie
from service.documents.rows import Gelezen, RawRow, kolom_code
from service.documents.safety import FileRefused

MAX_ROWS = 5000
MAX_COLUMNS = 60
HEADER_SEARCH = 10


def _text(cell: Any, where: str) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
        raise FileRefused(f"{where}: formules zijn niet toegestaan; zet er de waarde in")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    rows = []
    for i, row in enumerate(ws.iter_rows(), 1):
        if i > MAX_ROWS:
            raise FileRefused(f"blad '{ws.title}' heeft meer dan {MAX_ROWS} rijen")
        if len(row) > MAX_COLUMNS:
            raise FileRefused(f"blad '{ws.title}' heeft meer dan {MAX_COLUMNS} kolommen")
        rows.append(row)
    return rows


def _header(rows: list[tuple[Any, ...]], title: str) -> tuple[int, dict[int, tuple[str, str]]] | None:
    for r, row in enumerate(rows[:HEADER_SEARCH]):
        mapping: dict[int, tuple[str, str]] = {}
        for col, cell in enumerate(row):
            label = _text(cell, f"{title}, rij {r + 1}").strip()
            code = kolom_code(label) if label else None
            if code and code not in {c for c, _ in mapping.values()}:
                mapping[col] = (code, label)
        codes = {c for c, _ in mapping.values()}
        if "ontwikkelpunt" in codes and len(codes & {"beoogd_resultaat", "planning", "stand_van_zaken"}) >= 2:
            return r, mapping
    return None


def _kop(ws: Any) -> Kop:
    kop = Kop()
    aanvullingen = []
    for i, row in enumerate(_rows(ws)[1:], 2):
        cells = [_text(c, f"{KOP_SHEET}, rij {i}").strip() for c in row[:4]] + ["", "", "", ""]
        onderdeel, niveau, waarde, verwijzing = (cells[0].lower(), cells[1].lower(), cells[2], cells[3])
        if onderdeel == "document" and niveau in NIVEAUS and waarde:
            kop.documenten.append(Document(niveau, waarde, verwijzing or None))
        elif onderdeel.startswith("verantwoordelijke portefeuillehouder") and waarde:
            kop.portefeuillehouders.append(waarde)
        elif onderdeel.startswith("verantwoordelijke beleidsmedewerker") and waarde:
            kop.beleidsmedewerkers.append(waarde)
        elif onderdeel.startswith("lokale aanvullingen") and waarde:
            aanvullingen.append(waarde)
    kop.lokale_aanvullingen = "\n".join(aanvullingen)
    return kop


def read_xlsx(data: bytes, t: Template) -> Gelezen:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions; they are not read
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        except (KeyError, ValueError, OSError, TypeError) as exc:
            raise FileRefused(f"het werkboek kan niet worden gelezen: {exc}") from None
    try:
        return _read(wb, t)
    finally:
        wb.close()


def _read(wb: Any, t: Template) -> Gelezen:
    meta: dict[str, object] = {}
    if META_SHEET in wb.sheetnames:
        for row in _rows(wb[META_SHEET]):
            if len(row) >= 2 and row[0].value:
                meta[str(row[0].value)] = _text(row[1], META_SHEET)
    names = [SHEET] if SHEET in wb.sheetnames else [n for n in wb.sheetnames if n not in (KOP_SHEET, META_SHEET)]
    for name in names:
        ws = wb[name]
        rows = _rows(ws)
        found = _header(rows, name)
        if found is None:
            continue
        header_row, mapping = found
        instructions = {k.instructie.strip() for k in t.kolommen if k.instructie}
        raw_rows = []
        for r, row in enumerate(rows[header_row + 1 :], header_row + 2):
            values = {}
            for col, (code, _) in mapping.items():
                values[code] = _text(row[col], f"{name}, rij {r}") if col < len(row) else ""
            if {v.strip() for v in values.values() if v.strip()} <= instructions:
                continue  # the instruction row (or an empty row)
            raw_rows.append(RawRow(Locatie(name, r), values, labels=dict(mapping.values())))
        kop = _kop(wb[KOP_SHEET]) if KOP_SHEET in wb.sheetnames else None
        return Gelezen(meta=meta, kop=kop, rows=raw_rows)
    raise FileRefused(
        "dit werkboek volgt het template niet: geen blad met de kolommen van Bijlage 3"
        " (Ontwikkelpunt, Beoogd resultaat, Planning, Stand van zaken dd. …)"
    )

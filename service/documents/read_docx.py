"""Read a Bijlage 3 document: one exported by Voortgang, or the template as a
gemeente filled it in by hand (7 or 8 columns, "Stand van zaken dd." texts).

The body is read in order: a heading ``Basisfunctie N: …`` sets the
basisfunctie, a paragraph ``N. <theme title>`` the table that follows, and
every table whose first row carries the column headings holds ontwikkelpunten.
The *Algemene informatie* part gives the grondslag documents, the responsible
officials and the lokale aanvullingen."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from domain.catalogue import Tabel, Template
from service.documents.export_docx import META_RELTYPE
from service.documents.model import Document, Kop, Locatie
from service.documents.rows import Gelezen, RawRow, kolom_code
from service.documents.safety import FileRefused

MAX_TABLE_ROWS = 1000
_BF = re.compile(r"^\s*basisfunctie\s+(\d)\b", re.IGNORECASE)
_THEMA = re.compile(r"^\s*(\d{1,2})\.\s+(.+)$")
NIVEAU = {"landelijk:": "landelijk", "regionaal:": "regionaal", "lokaal:": "lokaal"}


def _meta(doc: DocxDocument) -> dict[str, Any]:
    for rel in doc.part.rels.values():
        if rel.reltype == META_RELTYPE and not rel.is_external:
            try:
                meta = json.loads(rel.target_part.blob)
            except (ValueError, UnicodeDecodeError):
                return {}
            return meta if isinstance(meta, dict) else {}
    return {}


def _cell(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


class _Kop:
    """Collects the Algemene informatie, paragraph by paragraph."""

    def __init__(self) -> None:
        self.kop = Kop()
        self.mode = ""
        self.niveau = ""
        self.aanvullingen: list[str] = []
        self.seen = False

    def add(self, para: Paragraph) -> None:
        text = para.text.strip()
        low = text.lower().rstrip()
        style = (para.style.name if para.style is not None else "") or ""
        if low in NIVEAU:
            self.niveau, self.mode = NIVEAU[low], "documenten"
        elif low.startswith("verantwoordelijke portefeuillehouder"):
            self.mode = "ph"
        elif low.startswith("verantwoordelijke beleidsmedewerker"):
            self.mode = "bm"
        elif low.startswith("lokale aanvullingen"):
            self.mode = "aanvullingen"
        elif not text or text in ("-", "–"):
            return
        elif self.mode == "documenten" and "List" in style:
            self.kop.documenten.append(Document(self.niveau, text.lstrip("-• ").strip()))
        elif self.mode in ("ph", "bm"):
            (self.kop.portefeuillehouders if self.mode == "ph" else self.kop.beleidsmedewerkers).append(
                text.lstrip("-• ").strip()
            )
        elif self.mode == "aanvullingen":
            self.aanvullingen.append(text)

    def result(self) -> Kop | None:
        if not self.seen:
            return None
        self.kop.lokale_aanvullingen = "\n".join(self.aanvullingen)
        return self.kop


def _table_of(t: Template, bf: int | None, thema_nummer: int | None) -> Tabel | None:
    if bf is None:
        return None
    tabellen = [tb for tb in t.tabellen if tb.basisfunctie == bf]
    if len(tabellen) == 1:
        return tabellen[0]
    basis = t.basisfunctie(bf)
    assert basis is not None
    thema = next((th for th in basis.themas if th.nummer == thema_nummer), None)
    return next((tb for tb in tabellen if thema and thema.code in tb.themas), None)


def _rows(table: Table, tabel: Tabel, mapping: dict[int, tuple[str, str]]) -> list[RawRow]:
    blad = f"tabel {tabel.code} ({tabel.titel[:40]})"
    labels = {code: label.split("\n")[0] for code, label in mapping.values()}
    out = []
    rows = table.rows
    if len(rows) > MAX_TABLE_ROWS:
        raise FileRefused(f"{blad} heeft meer dan {MAX_TABLE_ROWS} rijen")
    for r, row in enumerate(rows[1:], 2):
        cells = row.cells
        values = {code: (_cell(cells[i]) if i < len(cells) else "") for i, (code, _) in mapping.items()}
        if any(v for v in values.values()):
            out.append(RawRow(Locatie(blad, r), values, labels, thema=tabel.code, basisfunctie=tabel.basisfunctie))
    return out


def read_docx(data: bytes, t: Template) -> Gelezen:
    try:
        doc = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRefused(f"het document kan niet worden gelezen: {exc}") from None
    kop = _Kop()
    bf: int | None = None
    thema_nummer: int | None = None
    in_kop = False
    rows: list[RawRow] = []
    tables = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            m = _BF.match(text)
            if m:
                bf, thema_nummer, in_kop = int(m.group(1)), None, False
            elif text.lower() == "algemene informatie":
                in_kop, kop.seen = True, True
            elif in_kop:
                kop.add(block)
            elif (n := _THEMA.match(text)) and bf is not None:
                thema_nummer = int(n.group(1))
            continue
        first = block.rows[0].cells if block.rows else []
        mapping: dict[int, tuple[str, str]] = {}
        for i, cell in enumerate(first):
            code = kolom_code(_cell(cell))
            if code and code not in {c for c, _ in mapping.values()}:
                mapping[i] = (code, _cell(cell))
        if "ontwikkelpunt" not in {c for c, _ in mapping.values()} or len(mapping) < 5:
            continue
        tables += 1
        tabel = _table_of(t, bf, thema_nummer)
        if tabel is None:
            raise FileRefused(
                f"tabel {tables} staat niet onder een basisfunctie en thema van het template"
                " (kopje 'Basisfunctie N: …' en '1. <thema>')"
            )
        rows.extend(_rows(block, tabel, mapping))
    if tables == 0:
        raise FileRefused("dit document volgt het template niet: geen tabel met de kolommen van Bijlage 3")
    return Gelezen(meta=_meta(doc), kop=kop.result(), rows=rows)

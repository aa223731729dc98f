"""A plan as the Word document of Bijlage 3: the template's structure and
wording (title, Algemene informatie with the grondslag documents, the
responsible officials and the lokale aanvullingen; per basisfunctie its
quickscan themes and ontwikkelpunt tables with the eight column headings and
instructions), filled with the plan. Regional points are marked
*Regionaal vastgesteld*; every stand van zaken carries its date.

All template texts come from the catalogue (``domain/catalogue_data``). The
document's properties carry the plan's identity and each point's id and
version, so an exported document can be imported back safely."""

from __future__ import annotations

import io
import json
from collections import defaultdict

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from domain.catalogue import Tabel, Template, template
from service.documents import cells as c
from service.documents.model import FORMAT, REGIONAAL, Plan, Punt

NIVEAU_KOPJES = {"landelijk": "Landelijk:", "regionaal": "Regionaal:", "lokaal": "Lokaal:"}
REGIONAAL_LABEL = "Regionaal vastgesteld"
META_PART = "/customXml/voortgang-plan.json"
META_RELTYPE = "urn:voortgang:bijlage3:plan"


def _shade(cell: _Cell, color: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tc_pr.append(shd)


def _landscape(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _cell_text(cell: _Cell, text: str, size: float = 8) -> None:
    """Each line of ``text`` becomes its own paragraph (Word shows no \\n)."""
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(line)
        run.font.size = Pt(size)


def _algemene_informatie(doc: DocxDocument, plan: Plan) -> None:
    doc.add_heading("Algemene informatie", level=1)
    doc.add_heading("Documenten", level=2)
    doc.add_paragraph("Aan dit ontwikkelplan liggen de volgende documenten ten grondslag:")
    for niveau, kopje in NIVEAU_KOPJES.items():
        doc.add_paragraph().add_run(kopje).bold = True
        for d in (d for d in plan.kop.documenten if d.niveau == niveau):
            doc.add_paragraph(d.titel + (f" ({d.verwijzing})" if d.verwijzing else ""), style="List Bullet")
    doc.add_paragraph("Verantwoordelijke portefeuillehouder(s)", style="List Bullet")
    for official in plan.kop.portefeuillehouders or [""]:
        doc.add_paragraph(official, style="List Bullet 2")
    doc.add_paragraph("Verantwoordelijke beleidsmedewerker(s)", style="List Bullet")
    for official in plan.kop.beleidsmedewerkers or [""]:
        doc.add_paragraph(official, style="List Bullet 2")
    doc.add_paragraph("Lokale aanvullingen", style="List Bullet")
    for line in (plan.kop.lokale_aanvullingen or "").split("\n"):
        doc.add_paragraph(line)


def _table(doc: DocxDocument, t: Template, punten: list[Punt]) -> None:
    table = doc.add_table(rows=1, cols=len(t.kolommen))
    table.style = "Table Grid"
    for cell, k in zip(table.rows[0].cells, t.kolommen, strict=True):
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(k.label)
        run.bold, run.font.size = True, Pt(8)
        if k.instructie:
            hint = cell.add_paragraph().add_run(k.instructie)
            hint.italic, hint.font.size = True, Pt(6.5)
            hint.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        _shade(cell, "D9E2F3")
    rows: list[Punt | None] = list(punten) or [None]
    for p in rows:
        row = table.add_row().cells
        texts = p.cellen() if p else {}
        for cell, k in zip(row, t.kolommen, strict=True):
            text = texts.get(k.code, "")
            if p is not None and p.soort == REGIONAAL and k.code == "ontwikkelpunt":
                text = f"{REGIONAAL_LABEL}\n{text}"
            _cell_text(cell, text)
            if p is not None and p.soort == REGIONAAL:
                _shade(cell, "E2EFDA")
        if p is not None and p.soort == REGIONAAL:
            row[0].paragraphs[0].runs[0].bold = True


def _quickscan(doc: DocxDocument, t: Template, tabel: Tabel, punten: list[Punt]) -> None:
    bf = t.basisfunctie(tabel.basisfunctie)
    assert bf is not None
    themas = [th for th in bf.themas if th.code in tabel.themas]
    doc.add_paragraph().add_run("Quickscan").bold = True
    if len(themas) == 1:
        doc.add_heading(f"{themas[0].nummer}. {themas[0].titel}", level=3)
        for item in themas[0].items:
            doc.add_paragraph(item, style="List Bullet")
    else:
        for th in themas:
            doc.add_paragraph(f"{th.nummer}. {th.titel}")
    _table(doc, t, punten)


def export_docx(plan: Plan) -> bytes:
    t = template(plan.template_versie)
    doc = docx.Document()
    _landscape(doc)
    doc.add_heading(plan.titel, level=0)
    doc.add_paragraph(t.ondertitel).runs[0].italic = True
    stand = c.datum(plan.vastgelegd_op.date()) if plan.vastgelegd_op else ""
    doc.add_paragraph(f"Status van het plan: {plan.status}. Uit Voortgang op {stand}. Bron van het template: {t.bron}.")
    _algemene_informatie(doc, plan)
    per_tabel: dict[str, list[Punt]] = defaultdict(list)
    for p in sorted(plan.punten, key=lambda p: p.soort == REGIONAAL):
        per_tabel[p.thema].append(p)
    for bf in t.basisfuncties:
        doc.add_heading(f"Basisfunctie {bf.nummer}: {bf.naam}", level=1)
        doc.add_paragraph(bf.definitie[:1].upper() + bf.definitie[1:])
        doc.add_paragraph(f"Input: Gebruik voor de invulling van deze ontwikkelpunten {bf.input}.")
        for tabel in (tb for tb in t.tabellen if tb.basisfunctie == bf.nummer):
            _quickscan(doc, t, tabel, per_tabel.get(tabel.code, []))
    _properties(doc, plan, per_tabel)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _properties(doc: DocxDocument, plan: Plan, per_tabel: dict[str, list[Punt]]) -> None:
    props = doc.core_properties
    props.title = plan.titel
    props.subject = "Bijlage 3: Lokaal Meerjarig Ontwikkelplan"
    props.keywords = FORMAT
    blob = json.dumps(
        {
            "gemeente": plan.gemeente,
            "periode": plan.periode,
            "plan_id": str(plan.id or ""),
            "plan_versie": plan.versie,
            "positie": plan.positie,
            "punten": {
                code: [[str(p.id), p.versie, p.soort, p.doel[:60]] for p in punten]
                for code, punten in per_tabel.items()
            },
        },
        separators=(",", ":"),
    ).encode()
    part = Part(PackURI(META_PART), "application/json", blob, doc.part.package)
    doc.part.relate_to(part, META_RELTYPE)

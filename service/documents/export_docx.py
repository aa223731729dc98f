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
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from lxml.etree import SubElement  # type: ignore[import-untyped]

from domain.catalogue import Tabel, Template, template
from service.documents import cells as c
from service.documents.model import FORMAT, REGIONAAL, Plan, Punt

NIVEAU_KOPJES = {"landelijk": "Landelijk:", "regionaal": "Regionaal:", "lokaal": "Lokaal:"}
REGIONAAL_LABEL = "Regionaal vastgesteld"
META_PART = "/customXml/voortgang-plan.json"
META_RELTYPE = "urn:voortgang:bijlage3:plan"


def _shade(tc: BaseOxmlElement, color: str) -> None:
    shd = SubElement(tc.get_or_add_tcPr(), qn("w:shd"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)


def _landscape(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _run(
    p: BaseOxmlElement, text: str, *, bold: bool = False, italic: bool = False, size: int = 0, color: str = ""
) -> None:
    """A run with optional properties, each newline a line break, written as
    XML directly (python-docx's per-character text API is too slow for a
    plan of a hundred points)."""
    r = SubElement(p, qn("w:r"))
    if bold or italic or size or color:
        rpr = SubElement(r, qn("w:rPr"))
        if bold:
            SubElement(rpr, qn("w:b"))
        if italic:
            SubElement(rpr, qn("w:i"))
        if color:
            SubElement(rpr, qn("w:color")).set(qn("w:val"), color)
        if size:
            SubElement(rpr, qn("w:sz")).set(qn("w:val"), str(size))
    for i, line in enumerate(text.split("\n")):
        if i:
            SubElement(r, qn("w:br"))
        t = SubElement(r, qn("w:t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _para(doc: DocxDocument, text: str = "", style: str = "", *, bold: bool = False, italic: bool = False) -> None:
    """A body paragraph; ``style`` is a style id (no name lookups)."""
    p = doc.add_paragraph()._p
    if style:
        p.style = style
    if text:
        _run(p, text, bold=bold, italic=italic)


def _algemene_informatie(doc: DocxDocument, plan: Plan) -> None:
    _para(doc, "Algemene informatie", "Heading1")
    _para(doc, "Documenten", "Heading2")
    _para(doc, "Aan dit ontwikkelplan liggen de volgende documenten ten grondslag:")
    for niveau, kopje in NIVEAU_KOPJES.items():
        _para(doc, kopje, bold=True)
        for d in (d for d in plan.kop.documenten if d.niveau == niveau):
            _para(doc, d.titel + (f" ({d.verwijzing})" if d.verwijzing else ""), "ListBullet")
    _para(doc, "Verantwoordelijke portefeuillehouder(s)", "ListBullet")
    for official in plan.kop.portefeuillehouders or [""]:
        _para(doc, official, "ListBullet2")
    _para(doc, "Verantwoordelijke beleidsmedewerker(s)", "ListBullet")
    for official in plan.kop.beleidsmedewerkers or [""]:
        _para(doc, official, "ListBullet2")
    _para(doc, "Lokale aanvullingen", "ListBullet")
    for line in (plan.kop.lokale_aanvullingen or "").split("\n"):
        _para(doc, line)


def _table(doc: DocxDocument, t: Template, punten: list[Punt]) -> None:
    rows: list[Punt | None] = list(punten) or [None]
    table = doc.add_table(rows=1 + len(rows), cols=len(t.kolommen))
    tbl = table._tbl
    tbl.tblPr.style = "TableGrid"
    trs = tbl.tr_lst
    for tc, k in zip(trs[0].tc_lst, t.kolommen, strict=True):
        _run(tc.p_lst[0], k.label, bold=True, size=16)
        if k.instructie:
            _run(SubElement(tc, qn("w:p")), k.instructie, italic=True, size=13, color="595959")
        _shade(tc, "D9E2F3")
    for tr, p in zip(trs[1:], rows, strict=True):
        texts = p.cellen() if p else {}
        regional = p is not None and p.soort == REGIONAAL
        for tc, k in zip(tr.tc_lst, t.kolommen, strict=True):
            text = texts.get(k.code, "")
            if regional and k.code == "ontwikkelpunt":
                _run(tc.p_lst[0], REGIONAAL_LABEL, bold=True)
                text = "\n" + text
            if text:
                _run(tc.p_lst[0], text)
            if regional:
                _shade(tc, "E2EFDA")


def _quickscan(doc: DocxDocument, t: Template, tabel: Tabel, punten: list[Punt]) -> None:
    bf = t.basisfunctie(tabel.basisfunctie)
    assert bf is not None
    themas = [th for th in bf.themas if th.code in tabel.themas]
    _para(doc, "Quickscan", bold=True)
    if len(themas) == 1:
        _para(doc, f"{themas[0].nummer}. {themas[0].titel}", "Heading3")
        for item in themas[0].items:
            _para(doc, item, "ListBullet")
    else:
        for th in themas:
            _para(doc, f"{th.nummer}. {th.titel}")
    _table(doc, t, punten)


def export_docx(plan: Plan) -> bytes:
    t = template(plan.template_versie)
    doc = docx.Document()
    _landscape(doc)
    doc.styles["Table Grid"].font.size = Pt(8)  # the table text, once, not per run
    _para(doc, plan.titel, "Title")
    _para(doc, t.ondertitel, italic=True)
    stand = c.datum(plan.vastgelegd_op.date()) if plan.vastgelegd_op else ""
    _para(doc, f"Status van het plan: {plan.status}. Uit Voortgang op {stand}. Bron van het template: {t.bron}.")
    _algemene_informatie(doc, plan)
    per_tabel: dict[str, list[Punt]] = defaultdict(list)
    for p in sorted(plan.punten, key=lambda p: p.soort == REGIONAAL):
        per_tabel[p.thema].append(p)
    for bf in t.basisfuncties:
        _para(doc, f"Basisfunctie {bf.nummer}: {bf.naam}", "Heading1")
        _para(doc, bf.definitie[:1].upper() + bf.definitie[1:])
        _para(doc, f"Input: Gebruik voor de invulling van deze ontwikkelpunten {bf.input}.")
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

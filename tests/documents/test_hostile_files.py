"""Hostile and wrong files are refused as a whole, with a clear Dutch
message, before anything is read into Voortgang."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from domain.catalogue import template
from domain.plan_values import Kosten, Planning
from service.documents import cells
from service.documents.cells import DeelstapTekst, StandTekst
from service.documents.export_xlsx import FIRST_ROW, SHEET, export_xlsx
from service.documents.model import Kop, Plan, Punt
from service.documents.read_docx import read_docx
from service.documents.read_xlsx import read_xlsx
from service.documents.rows import to_punt
from service.documents.safety import FileRefused, inspect

T = template()
EXTERNAL_OLE = (
    b'<Relationships><Relationship Id="r1" Type="http://x/oleObject" Target="file:///c:/x"'
    b' TargetMode="External"/></Relationships>'
)
EXTERNAL_OLE = (
    b'<Relationships><Relationship Id="r1" Type="http://x/oleObject" Target="file:///c:/x"'
    b' TargetMode="External"/></Relationships>'
)


def sample_plan() -> Plan:
    punt = Punt(
        soort="lokaal",
        basisfunctie=1,
        thema="BF1-06",
        doel="Wij organiseren zicht op veiligheid.",
        zelfscan_link="Zelfscan thema 6",
        beoogd_resultaat="Elk gezin een veiligheidsplan.",
        indicatoren=["Percentage met plan", "Aantal overdrachten"],
        anders_leren_doen="Intervisie (kennis; vaardigheden).",
        verbeteractie="Werkwijze vastleggen.",
        deelstappen=[
            DeelstapTekst("In beeld brengen", dt.date(2025, 5, 2), dt.date(2025, 5, 7)),
            DeelstapTekst("Trainen"),
        ],
        kosten=Kosten(Decimal("18000.00"), "Training", "Ontwikkelbudget", 2025),
        uitvoerder="Teamleider",
        planning=Planning(dt.date(2026, 6, 15), "maand", dt.date(2025, 3, 3)),
        standen=[
            StandTekst(dt.date(2025, 3, 3), "Nulmeting:\nnog niets.", "aandacht_nodig"),
            StandTekst(dt.date(2025, 5, 1), "Verder.", "op_koers"),
        ],
        status="in_uitvoering",
        id=uuid.uuid4(),
        versie=7,
    )
    return Plan(
        "GM0307",
        "Amersfoort",
        "2025-2027",
        "Lokaal Meerjarig Ontwikkelplan 2025-2027 Gemeente Amersfoort",
        "vastgesteld",
        T.versie,
        Kop(),
        [punt],
        id=uuid.uuid4(),
        versie=3,
    )


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


def test_every_cell_the_export_writes_reads_back_to_the_same_values() -> None:
    plan = sample_plan()
    gelezen = read_xlsx(inspect_ok(export_xlsx(plan)), T)
    problems: list[object] = []
    (row,) = gelezen.rows
    punt = to_punt(T, row, problems)  # type: ignore[arg-type]
    assert problems == [] and punt is not None
    original = plan.punten[0]
    for name in (
        "doel",
        "zelfscan_link",
        "beoogd_resultaat",
        "indicatoren",
        "anders_leren_doen",
        "verbeteractie",
        "deelstappen",
        "kosten",
        "uitvoerder",
        "planning",
        "standen",
        "status",
        "id",
        "versie",
    ):
        assert getattr(punt, name) == getattr(original, name), name


def inspect_ok(data: bytes) -> bytes:
    inspect(data, "xlsx")
    return data


def test_hand_written_dates_amounts_and_vague_plannings_are_understood() -> None:
    problems: list[str] = []
    assert cells.parse_planning("3 maart 2025 t/m 30-06-2026", problems) == Planning(
        dt.date(2026, 6, 30), "dag", dt.date(2025, 3, 3)
    )
    assert cells.parse_planning("Q3 2025", problems) == Planning(dt.date(2025, 9, 30), "kwartaal")
    assert cells.parse_planning("december 2025", problems) == Planning(dt.date(2025, 12, 31), "maand")
    assert cells.parse_planning("2026", problems) == Planning(dt.date(2026, 12, 31), "jaar")
    assert cells.parse_kosten("€ 1.250,50 uit de begroting", problems) == Kosten(
        Decimal("1250.50"), "€ 1.250,50 uit de begroting"
    )
    assert problems == []
    cells.parse_planning("als het kan", problems)
    assert problems == ["'als het kan' is geen datum (dd-mm-jjjj), maand, kwartaal of jaar"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"dit is geen spreadsheet", "geen .xlsx-bestand"),
        (b"PK\x03\x04 kapot", "geen .xlsx-bestand"),
    ],
)
def test_a_file_that_is_not_an_office_zip_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(FileRefused, match=message):
        inspect(data, "xlsx")


def test_a_zip_bomb_is_refused_while_decompressing_within_the_bound() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 8_000_000)
    assert len(out.getvalue()) < 100_000
    with pytest.raises(FileRefused, match="zip-bom"):
        inspect(out.getvalue(), "xlsx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("xl/vbaProject.bin", b"macro", "macro's"),
        ("xl/externalLinks/externalLink1.xml", b"<externalLink/>", "externe koppelingen"),
        ("xl/embeddings/oleObject1.bin", b"ole", "ingesloten objecten"),
        ("xl/_rels/extra.xml.rels", EXTERNAL_OLE, "externe bronnen"),
    ],
)
def test_macros_external_links_and_embedded_objects_are_refused(name: str, content: bytes, message: str) -> None:
    data = with_member(export_xlsx(sample_plan()), name, content)
    with pytest.raises(FileRefused, match=message):
        inspect(data, "xlsx")


def test_a_formula_in_any_cell_refuses_the_workbook() -> None:
    wb = load_workbook(io.BytesIO(export_xlsx(sample_plan())))
    wb[SHEET].cell(row=FIRST_ROW, column=10, value='=HYPERLINK("http://x")')
    with pytest.raises(FileRefused, match="formules zijn niet toegestaan"):
        read_xlsx(workbook_bytes(wb), T)


def test_a_huge_sheet_is_refused() -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ontwikkelpunten")
    for i in range(5_100):
        ws.append([i])
    with pytest.raises(FileRefused, match="meer dan 5000 rijen"):
        read_xlsx(workbook_bytes(wb), T)


def test_a_workbook_or_document_that_is_not_the_template_is_refused() -> None:
    wb = Workbook()
    wb.active.append(["Naam", "Adres"])  # type: ignore[union-attr]
    with pytest.raises(FileRefused, match="volgt het template niet"):
        read_xlsx(workbook_bytes(wb), T)
    doc = Document()
    doc.add_paragraph("Notulen van het overleg")
    out = io.BytesIO()
    doc.save(out)
    with pytest.raises(FileRefused, match="volgt het template niet"):
        read_docx(out.getvalue(), T)
    with pytest.raises(FileRefused, match=r"het is een \.docx"):
        inspect(out.getvalue(), "xlsx")

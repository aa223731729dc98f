"""The overleg's pack as a PDF (fpdf2): real text, the charts of
:mod:`service.report.charts` drawn as vector paths (fpdf2 converts the SVG
into PDF drawing operators, no raster image), numbered and dated pages.

Deterministic: the creation date is the peildatum (midnight UTC), the file id
is derived from the content, nothing reads the clock or a random source."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from service.report import charts
from service.report.data import Pack

WIJZIGINGEN_PER_GROEP = 12
_VERVANG = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-", "€": "EUR"})


def tekst(value: object) -> str:
    """Text in the core font's encoding (latin-1), with the usual typographic substitutions."""
    return str(value).translate(_VERVANG).encode("latin-1", "replace").decode("latin-1")


def _datum(value: str | None) -> str:
    if not value:
        return "-"
    return dt.date.fromisoformat(value[:10]).strftime("%d-%m-%Y")


class _Pdf(FPDF):
    def __init__(self, titel: str, stand: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.titel, self.stand = titel, stand
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 18, 16)

    def header(self) -> None:
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, tekst(self.titel), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, tekst(self.stand), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def kop(self, text: str) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(3)
        self.set_font("Helvetica", "B", 14)
        self.set_text_color(31, 78, 121)
        self.multi_cell(0, 7, tekst(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def subkop(self, text: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.set_font("Helvetica", "B", 10.5)
        self.multi_cell(0, 5.5, tekst(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def alinea(self, text: str, size: float = 9, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.5, tekst(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grafiek(self, svg: str, width: float | None = None) -> None:
        """Draw the SVG as vector graphics at the cursor, on a new page when it does not fit."""
        width = width or self.epw
        data = _vector(svg)
        ratio = _ratio(svg)
        height = width * ratio
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        self.image(data, x=self.l_margin, y=self.get_y(), w=width)
        self.set_y(self.get_y() + height + 3)

    def tabel(self, koppen: list[str], breedtes: list[float], rijen: list[list[str]]) -> None:
        self.set_font("Helvetica", "", 8)
        kop = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=(31, 78, 121))
        with self.table(
            col_widths=tuple(breedtes),
            width=sum(breedtes),
            align="LEFT",
            text_align="LEFT",
            line_height=4,
            headings_style=kop,
            first_row_as_headings=True,
        ) as table:
            row = table.row()
            for k in koppen:
                row.cell(tekst(k))
            for values in rijen:
                row = table.row()
                for v in values:
                    row.cell(tekst(v))
        self.set_text_color(0, 0, 0)
        self.ln(2)


def _vector(svg: str) -> io.BytesIO:
    """The SVG for fpdf2, without the ``<title>`` it does not draw (the dashboard keeps it)."""
    start, end = svg.find("<title>"), svg.find("</title>")
    if start >= 0:
        svg = svg[:start] + svg[end + len("</title>") :]
    return io.BytesIO(svg.encode())


def _ratio(svg: str) -> float:
    head = svg[: svg.index(">")]
    w = float(head.split('width="')[1].split('"')[0])
    h = float(head.split('height="')[1].split('"')[0])
    return h / w


def _wijzigingen(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("1. Wijzigingen sinds het vorige overleg")
    pdf.alinea(f"Wat er veranderde {pack.venster}, gegroepeerd zoals in het agendapakket (wijzigingenSindsOverleg).")
    if not pack.groepen:
        pdf.alinea("Er is niets veranderd.")
    per_groep: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in pack.wijzigingen.rows:
        per_groep[r["groep"]].append(r)
    for g in pack.groepen:
        rows = per_groep[g["sleutel"]]
        pdf.subkop(f"{g['titel']} ({g['aantal']})")
        soorten = Counter(f"{r['objectType']} {r['actieWeergave'].lower()}" for r in rows)
        pdf.alinea("; ".join(f"{n}x {s}" for s, n in sorted(soorten.items())), 8)
        tabel = [
            [
                _datum(r["datumInWerkelijkheid"] or r["aanmaakdatum"]),
                r["objectType"],
                r["actieWeergave"],
                r["gemeente"] or "-",
                ", ".join(w["veld"] for w in r["wijzigingen"])[:70] or "-",
            ]
            for r in rows[:WIJZIGINGEN_PER_GROEP]
        ]
        pdf.tabel(["Datum", "Object", "Actie", "Gemeente", "Velden"], [20, 32, 28, 20, 78], tabel)
        if len(rows) > WIJZIGINGEN_PER_GROEP:
            pdf.alinea(f"... en nog {len(rows) - WIJZIGINGEN_PER_GROEP} wijzigingen in deze groep.", 8, "I")


def _besluiten(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("2. Genomen besluiten")
    if pack.besluiten.note:
        pdf.alinea(pack.besluiten.note)
    if not pack.besluiten.rows:
        pdf.alinea("Geen besluiten.")
    for b in pack.besluiten.rows:
        pdf.subkop(f"{b['kenmerk']}: {b['onderwerp']}")
        pdf.alinea(f"Datum {_datum(b['datum'])}, status {b['status']}.", 8.5, "I")
        for p in b["beslispunten"]:
            pdf.alinea(f"{p['nummer']}. {p['tekst']} ({p['uitkomst']})", 8.5)
        effecten = Counter(f"{e['objectType']}: {e['gebeurtenis'].split('.')[-1]}" for e in b["effecten"])
        if effecten:
            pdf.alinea("Effecten: " + "; ".join(f"{n}x {s}" for s, n in sorted(effecten.items())), 8, "I")
        pdf.ln(1.5)


def _verschoven(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("3. Verschoven mijlpalen")
    rows = [r for r in pack.planning.rows if r["slipDagen"] > 0]
    if not rows:
        pdf.alinea("Geen mijlpalen verschoven.")
        return
    pdf.tabel(
        ["Mijlpaal", "Basisplanning", "Verwachting", "Behaald", "Slip", "Reden"],
        [46, 20, 20, 18, 12, 62],
        [
            [
                r["titel"] + (f" ({r['gemeente']})" if r["gemeente"] else ""),
                _datum(r["basisplanningEind"]),
                _datum(r["verwachtingEind"]),
                _datum(r["behaald"]),
                f"{r['slipDagen']} d",
                "; ".join(r["redenen"]) or "-",
            ]
            for r in rows
        ],
    )


def _gantt(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("4. Mijlpalenplanning")
    if pack.planning.note:
        pdf.alinea(pack.planning.note)
    pdf.alinea(
        "Basisplanning tegen verwachting; de stippellijn is de peildatum, verschoven mijlpalen zijn rood met een X."
    )
    for start in range(0, max(1, len(pack.planning.rows)), 30):
        pdf.grafiek(charts.gantt(pack.planning.rows[start : start + 30], pack.peildatum))


def _reeksen(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("5. Voortgang in de tijd")
    pdf.alinea(
        "Ontwikkelpunten per signaal van hun laatste stand van zaken, per kwartaal, zoals ze er op het einde"
        " van elk kwartaal voorstonden (voortgangsreeks volgens peildatum)."
    )
    for groep, reeksen in (("Per basisfunctie", pack.reeks_basisfunctie), ("Per gemeente", pack.reeks_gemeente)):
        pdf.subkop(groep)
        if not reeksen:
            pdf.alinea("Geen gemeenten met ontwikkelpunten zichtbaar.", 8.5)
        half = (pdf.epw - 4) / 2
        for i, (naam, section) in enumerate(sorted(reeksen.items())):
            if section.note:
                pdf.alinea(f"{naam}: {section.note}", 8)
                continue
            svg = charts.reeks(section.rows, naam)
            height = half * _ratio(svg)
            if i % 2 == 0 and pdf.get_y() + height > pdf.h - pdf.b_margin:
                pdf.add_page()
            y = pdf.get_y()
            pdf.image(_vector(svg), x=pdf.l_margin + (i % 2) * (half + 4), y=y, w=half)
            pdf.set_y(y + height + 2 if i % 2 == 1 or i == len(reeksen) - 1 else y)


def _regiobeeld(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("6. Regiobeeld")
    if pack.regiobeeld.note:
        pdf.alinea(pack.regiobeeld.note)
    pdf.alinea(
        "Gemeenten x basisfuncties. Elke cel heeft de kleur en de vorm van het slechtste signaal: rondje op koers,"
        " driehoek aandacht nodig, kruis achter, streepje geen stand."
    )
    actief = [c for c in pack.regiobeeld.rows if c["concept"] + c["vastgesteld"] + c["inUitvoering"] + c["afgerond"]]
    regios = sorted({c["regio"] for c in actief})
    cellen = [c for c in pack.regiobeeld.rows if c["regio"] in regios]
    pdf.grafiek(charts.heatmap(cellen, pack.basisfuncties))


def _begroting(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("7. Begroting")
    b = pack.begroting
    if b is None:
        pdf.alinea(pack.begroting_note or "Geen begroting.")
        return
    jaren = list(b["jaren"])

    def bedrag(r: dict[str, Any], jaar: int) -> str:
        v = next((Decimal(x["bedrag"]) for x in r["bedragen"] if x["jaar"] == jaar), None)
        return charts.euro(v) if v is not None else "-"

    rows = [
        [r["taak"], *(bedrag(r, j) for j in jaren), "p.m." if r["pm"] else charts.euro(Decimal(r["totaal"] or 0))]
        for r in b["regels"]
    ]
    rows.append(
        ["Totaal", *(bedrag({"bedragen": b["totaalPerJaar"]}, j) for j in jaren), charts.euro(Decimal(b["totaal"]))]
    )
    rest = pdf.epw - 60
    pdf.tabel(["Regel", *map(str, jaren), "Totaal"], [60, *([rest / (len(jaren) + 1)] * (len(jaren) + 1))], rows)
    pdf.grafiek(charts.begroting(b["regels"], jaren))


def _risicos(pdf: _Pdf, pack: Pack) -> None:
    pdf.kop("8. Risicoregister")
    if pack.risicos.note:
        pdf.alinea(pack.risicos.note)
    pdf.tabel(
        ["Nr", "Risico", "Status", "Beheersmaatregelen"],
        [10, 62, 16, 90],
        [
            [
                r["nummer"],
                r["omschrijving"],
                r["status"].lower(),
                "\n".join(f"- {m}" for m in r["beheersmaatregelen"]) or "-",
            ]
            for r in pack.risicos.rows
        ],
    )


def render(pack: Pack) -> bytes:
    """The pack as PDF bytes; the same pack gives the same bytes."""
    stand = f"Stand per {pack.peildatum:%d-%m-%Y}" + (
        f" (vastgelegd tot {pack.as_of:%d-%m-%Y %H:%M} UTC)" if pack.as_of else ""
    )
    titel = f"Agendapakket {pack.gremium['naam']}"
    pdf = _Pdf(titel, stand)
    pdf.set_title(tekst(titel))
    pdf.set_author("Voortgang")
    pdf.set_creator("Voortgang")
    pdf.set_lang("nl")
    moment = dt.datetime.combine(pack.peildatum, dt.time(), tzinfo=dt.UTC)
    pdf.set_creation_date(moment)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 9, tekst(titel), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.alinea(f"{stand}. Wijzigingen {pack.venster}.", 10)
    pdf.alinea(
        f"Besluiten: {len(pack.besluiten.rows)}; verschoven mijlpalen:"
        f" {len([r for r in pack.planning.rows if r['slipDagen'] > 0])}; risico's: {len(pack.risicos.rows)}.",
        10,
    )
    for section in (_wijzigingen, _besluiten, _verschoven, _gantt, _reeksen, _regiobeeld, _begroting, _risicos):
        section(pdf, pack)
    return bytes(pdf.output())

"""A Bijlage 3 document as a gemeente fills it in by hand: the template's own
text (seed 000, Bijlage 3; copied here, never read from the seeds at run
time), its seven-column tables (the second cell holds both "Beoogd resultaat"
and "Anders leren doen"), free-text cells and "Stand van zaken dd." entries."""

from __future__ import annotations

import io

from docx import Document

HEADER = [
    "Ontwikkelpunt NB: als doel omschrijven, wat wil je bereiken? Hierbij actieve taal gebruiken en zo concreet"
    " mogelijk! Ook moet er een duidelijke link zijn met de analyse van je zelfscan.",
    "Beoogd resultaat/ prestatie-indicatoren: wanneer tevreden? Anders leren doen: het leren richt zich op het"
    " ontwikkelen van een andere werkwijze in de praktijk en op de tools (kennis, vaardigheden, attitude) die"
    " professionals nodig hebben om die werkwijze in de praktijk te brengen.",
    "Omschrijving verbeteractie (wat moet er gebeuren, hoe wordt dit opgepakt?) Zo concreet mogelijk! Hier kun je"
    " de deelstappen kwijt die nodig zijn om het beoogde resultaat te bereiken.",
    "Kosten en hoe deze gedekt worden Hierbij rekening houden met begrotingscycli.",
    "Wie gaat de actie uitvoeren?",
    "Planning Zo concreet mogelijk, niet alleen een jaartal of kwartaal.",
    "Stand van zaken dd. ... Datum noemen, steeds bijwerken en regelmatig laten terugkomen in overleg! Het is een"
    " levend document!",
]

BF1_THEMES = [
    "Gemeentelijke visie en gemeentelijke opdracht voor lokale team",
    "Registratie en uitwisseling persoonsgegevens",
    "Gespecialiseerd hulpaanbod",
    "Veiligheidsbevorderende maatregelen",
    "Signaleren en bespreekbaar maken van onveiligheid",
    "Zicht op veiligheid",
]

# (theme number in BF1 / BF2) -> rows of 7 cells
BF1_ROWS = {
    6: [
        [
            "Wij zorgen dat elk gezin dat Veilig Thuis overdraagt binnen vier weken een veiligheidsplan heeft.",
            "Elk overgedragen gezin heeft binnen vier weken een veiligheidsplan.",
            "Werkafspraken met Veilig Thuis maken en de professionals trainen.",
            "€ 12.500 uit het ontwikkelbudget lokale teams",
            "Teamleider lokaal team",
            "juni 2026",
            "Stand van zaken dd. 12-02-2024: nulmeting gedaan, de werkwijze ontbreekt nog.\n"
            "dd. 15-01-2025: werkafspraken met Veilig Thuis zijn in concept klaar.",
        ]
    ],
}
BF2_ROWS = {
    1: [
        [
            "Wij maken met scholen, huisartsen en jongerenwerk afspraken over tijdig signaleren.",
            "Met alle scholen en huisartsen in de gemeente zijn afspraken gemaakt.",
            "Per wijk een overleg met de partners organiseren.",
            "",
            "Beleidsmedewerker jeugd",
            "01-03-2025 t/m 31-12-2025",
            "dd. 01-10-2024 (aandacht nodig): eerste gesprekken met scholen gevoerd.",
        ],
        [
            "Wij leggen de sociale kaart vast en verbinden die met het lokale team.",
            "Een actuele sociale kaart die het lokale team gebruikt.",
            "",
            "",
            "",
            "Q4 2025",
            "",
        ],
    ]
}


def _table(doc: object, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=7)  # type: ignore[attr-defined]
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    table.add_row()  # the template keeps an empty row to fill in


def bijlage3_document(gemeente: str = "Leusden") -> bytes:
    doc = Document()
    doc.add_paragraph(f"Bijlage 3: Lokaal Meerjarig Ontwikkelplan 2025-2027 Gemeente {gemeente}")
    doc.add_paragraph("Op weg naar Stevige Lokale Teams")
    doc.add_paragraph("Inhoudsopgave")
    for line in ("Inleiding\t12", "Algemene informatie\t14", "Basisfunctie 1: Een veilige leefomgeving\t16"):
        doc.add_paragraph(line)
    doc.add_paragraph("Algemene informatie")
    doc.add_paragraph("Documenten")
    doc.add_paragraph("Aan dit ontwikkelplan liggen de volgende documenten ten grondslag:")
    doc.add_paragraph("Landelijk:")
    doc.add_paragraph("Hervormingsagenda Jeugd 2023-2028", style="List Bullet")
    doc.add_paragraph("Regionaal:")
    doc.add_paragraph("Plan van Aanpak Stevige Lokale Teams 2.0 – Centraal Gelderland", style="List Bullet")
    doc.add_paragraph("Lokaal:")
    doc.add_paragraph("Verantwoordelijke portefeuillehouder(s)", style="List Bullet")
    doc.add_paragraph("Wethouder J. de Vries", style="List Bullet 2")
    doc.add_paragraph("Verantwoordelijke beleidsmedewerker(s)", style="List Bullet")
    doc.add_paragraph("-", style="List Bullet 2")
    doc.add_paragraph("Lokale aanvullingen", style="List Bullet")
    doc.add_paragraph("Leusden werkt samen met Amersfoort aan de scholing.")
    doc.add_paragraph("Basisfunctie 1: Een veilige leefomgeving")
    doc.add_paragraph("Input: Gebruik voor de invulling van deze ontwikkelpunten de lokale rapportage zelfscan.")
    for nummer, titel in enumerate(BF1_THEMES, 1):
        doc.add_paragraph("Quickscan")
        doc.add_paragraph(f"{nummer}. {titel}")
        _table(doc, BF1_ROWS.get(nummer, []))
    doc.add_paragraph("Basisfunctie 2: Tijdig signaleren van de vraag")
    doc.add_paragraph("Quickscan")
    doc.add_paragraph("1. Samenwerking met betrokken partners:")
    doc.add_paragraph(
        "De gemeente heeft een visie op de rollen en taken van de betrokken partijen.", style="List Bullet"
    )
    _table(doc, BF2_ROWS[1])
    doc.add_paragraph("2. De ondersteuning van professionals bij het inzetten op vroegsignalering en preventie:")
    _table(doc, [])
    doc.add_paragraph("Basisfunctie 3: Vindbare en toegankelijke hulp")
    doc.add_paragraph("Quickscan")
    doc.add_paragraph("1. Blijkt uit de cliënttevredenheid dat inwoners zich gezien en gehoord voelen?")
    _table(doc, [])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

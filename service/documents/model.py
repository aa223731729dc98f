"""The content of a plan document, independent of the file format: what the
export writes and what the import reads back (and compares with Voortgang).

A row is either a local ontwikkelpunt (``lokaal``) or a regional point as it
appears in this gemeente's plan (``regionaal``: regionaal vastgesteld; only
the local progress columns belong to the gemeente)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from domain.plan_values import Kosten, Planning
from service.documents import cells as c
from service.documents.cells import DeelstapTekst, StandTekst

LOKAAL, REGIONAAL = "lokaal", "regionaal"
FORMAT = "voortgang-bijlage3/1"
STATUS_LABELS = {
    "concept": "concept",
    "vastgesteld": "vastgesteld",
    "in_uitvoering": "in uitvoering",
    "afgerond": "afgerond",
    "vervallen": "vervallen",
}
STATUS_VAN_LABEL = {v: k for k, v in STATUS_LABELS.items()} | {k: k for k in STATUS_LABELS}
KOLOMMEN = (
    "ontwikkelpunt",
    "beoogd_resultaat",
    "anders_leren_doen",
    "verbeteractie",
    "kosten",
    "uitvoerder",
    "planning",
    "stand_van_zaken",
)


@dataclass(frozen=True)
class Locatie:
    """Where in the file: the sheet or table, the row (1-based, as the
    program shows it) and the column label."""

    blad: str
    rij: int
    kolom: str | None = None

    def tekst(self) -> str:
        return f"{self.blad}, rij {self.rij}" + (f", kolom '{self.kolom}'" if self.kolom else "")


@dataclass
class Punt:
    soort: str
    basisfunctie: int
    thema: str
    doel: str
    zelfscan_link: str | None = None
    beoogd_resultaat: str | None = None
    indicatoren: list[str] = field(default_factory=list)
    anders_leren_doen: str | None = None
    verbeteractie: str | None = None
    deelstappen: list[DeelstapTekst] = field(default_factory=list)
    deelstap_ids: list[str] = field(default_factory=list)
    kosten: Kosten | None = None
    uitvoerder: str | None = None
    planning: Planning | None = None
    standen: list[StandTekst] = field(default_factory=list)
    status: str | None = None
    id: UUID | None = None
    versie: int | None = None
    locatie: Locatie | None = None
    kolom_labels: dict[str, str] = field(default_factory=dict)
    """For a read row: the column label each field came from (for the report)."""

    def cellen(self) -> dict[str, str]:
        """The eight cells as the export writes them."""
        return {
            "ontwikkelpunt": c.format_ontwikkelpunt(self.doel, self.zelfscan_link),
            "beoogd_resultaat": c.format_resultaat(self.beoogd_resultaat, self.indicatoren),
            "anders_leren_doen": self.anders_leren_doen or "",
            "verbeteractie": c.format_verbeteractie(self.verbeteractie, self.deelstappen),
            "kosten": c.format_kosten(self.kosten),
            "uitvoerder": self.uitvoerder or "",
            "planning": c.format_planning(self.planning),
            "stand_van_zaken": c.format_standen(self.standen),
        }

    def at(self, kolom: str) -> Locatie | None:
        if self.locatie is None:
            return None
        return Locatie(self.locatie.blad, self.locatie.rij, self.kolom_labels.get(kolom, kolom))


@dataclass
class Document:
    niveau: str
    titel: str
    verwijzing: str | None = None


@dataclass
class Kop:
    documenten: list[Document] = field(default_factory=list)
    portefeuillehouders: list[str] = field(default_factory=list)
    beleidsmedewerkers: list[str] = field(default_factory=list)
    lokale_aanvullingen: str = ""


@dataclass
class Plan:
    """A whole plan: header, rows in template order, and what identifies it."""

    gemeente: str
    naam: str
    periode: str
    titel: str
    status: str
    template_versie: str
    kop: Kop
    punten: list[Punt]
    id: UUID | None = None
    versie: int | None = None
    regio: str | None = None
    positie: int | None = None
    """The log position the export was read at (None: unknown)."""
    vastgelegd_op: dt.datetime | None = None


def parse_cells(texts: dict[str, str], problems: dict[str, list[str]]) -> dict[str, object]:
    """The fields of a point from its cell texts; problems per column code."""
    out: dict[str, object] = {}
    if "ontwikkelpunt" in texts:
        out["doel"], out["zelfscan_link"] = c.parse_ontwikkelpunt(texts["ontwikkelpunt"])
    if "beoogd_resultaat" in texts:
        out["beoogd_resultaat"], out["indicatoren"] = c.parse_resultaat(texts["beoogd_resultaat"])
    if "anders_leren_doen" in texts:
        out["anders_leren_doen"] = texts["anders_leren_doen"].strip() or None
    if "verbeteractie" in texts:
        out["verbeteractie"], out["deelstappen"] = c.parse_verbeteractie(
            texts["verbeteractie"], problems.setdefault("verbeteractie", [])
        )
    if "kosten" in texts:
        out["kosten"] = c.parse_kosten(texts["kosten"], problems.setdefault("kosten", []))
    if "uitvoerder" in texts:
        out["uitvoerder"] = texts["uitvoerder"].strip() or None
    if "planning" in texts:
        out["planning"] = c.parse_planning(texts["planning"], problems.setdefault("planning", []))
    if "stand_van_zaken" in texts:
        out["standen"] = c.parse_standen(texts["stand_van_zaken"], problems.setdefault("stand_van_zaken", []))
    return out

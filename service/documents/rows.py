"""From the cells of a read row (workbook or document table) to a point, with
every problem at its sheet/table, row and column. Shared by both readers."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.catalogue import Template
from domain.errors import ProblemCollector
from domain.ontwikkelpunt import check_plaats
from service.documents.model import (
    LOKAAL,
    REGIONAAL,
    STATUS_VAN_LABEL,
    Kop,
    Locatie,
    Punt,
    parse_cells,
)

FOUT, CONFLICT, WAARSCHUWING = "fout", "conflict", "waarschuwing"


@dataclass(frozen=True)
class Melding:
    """A problem (``fout``), a per-point conflict, or a warning, in Dutch."""

    soort: str
    tekst: str
    locatie: Locatie | None = None

    def regel(self) -> str:
        waar = f"{self.locatie.tekst()}: " if self.locatie else ""
        return f"[{self.soort}] {waar}{self.tekst}"


@dataclass
class RawRow:
    locatie: Locatie
    cellen: dict[str, str]
    """Column code -> text, for the eight columns and ``basisfunctie``,
    ``thema``, ``soort``, ``status``, ``id``, ``versie``."""
    labels: dict[str, str] = field(default_factory=dict)
    thema: str | None = None
    basisfunctie: int | None = None


@dataclass
class Gelezen:
    """What a reader got out of a file."""

    meta: dict[str, object]
    kop: Kop | None
    rows: list[RawRow]
    meldingen: list[Melding] = field(default_factory=list)


def _n(text: str) -> str:
    return " ".join(text.lower().replace("/", " ").split())


def kolom_code(label: str) -> str | None:
    """The column a header cell stands for (exported, hand-filled, or the
    template's merged second cell), or None."""
    t = _n(label)
    rules: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("ontwikkelpunt", lambda: t.startswith("ontwikkelpunt")),
        ("beoogd_resultaat", lambda: t.startswith("beoogd resultaat")),
        ("anders_leren_doen", lambda: t.startswith("anders leren doen")),
        ("verbeteractie", lambda: "verbeteractie" in t[:40]),
        ("kosten", lambda: t.startswith("kosten")),
        ("uitvoerder", lambda: t.startswith("wie gaat")),
        ("planning", lambda: t.startswith("planning")),
        ("stand_van_zaken", lambda: t.startswith("stand van zaken")),
        ("basisfunctie", lambda: t == "basisfunctie"),
        ("thema", lambda: t == "thema"),
        ("soort", lambda: t == "soort"),
        ("status", lambda: t == "status"),
        ("id", lambda: t == "id"),
        ("versie", lambda: t == "versie"),
    )
    return next((code for code, test in rules if test()), None)


def thema_code(t: Template, text: str) -> str | None:
    """The ontwikkelpunt table a thema cell names: its code (``BF1-06``), a quickscan
    thema's code (``BF3-2``, written in the table ``BF3``), or either's title."""
    token = text.strip().split(" ", 1)[0] if text.strip() else ""
    if t.tabel(token):
        return token
    wanted = _n(text)
    for tb in t.tabellen:
        if _n(tb.titel) == wanted:
            return tb.code
    themas = [th for bf in t.basisfuncties for th in bf.themas]
    thema = next((th for th in themas if th.code == token or _n(th.titel) == wanted), None)
    return next((tb.code for tb in t.tabellen if thema and thema.code in tb.themas), None)


def bf_nummer(t: Template, text: str) -> int | None:
    m = re.match(r"^\s*(?:basisfunctie\s*)?(\d)\b", text, re.IGNORECASE)
    if m and t.basisfunctie(int(m.group(1))):
        return int(m.group(1))
    wanted = _n(text)
    for bf in t.basisfuncties:
        if wanted in (_n(bf.naam), *(_n(a) for a in bf.aliassen)):
            return bf.nummer
    return None


def _place(t: Template, row: RawRow, out: list[Melding]) -> tuple[int, str] | None:
    """(basisfunctie, thema) of a row. The thema implies the basisfunctie, as in the API
    (``domain.ontwikkelpunt.check_plaats``, the one rule for both): a row that names only a
    thema gets its basisfunctie; a basisfunctie that contradicts it is a problem in both cells."""
    thema = row.thema
    if "thema" in row.cellen and row.cellen["thema"].strip():
        thema = thema_code(t, row.cellen["thema"])
        if thema is None:
            out.append(Melding(FOUT, f"'{row.cellen['thema']}' is geen thema van het template", row_at(row, "thema")))
            return None
    if thema is None:
        out.append(Melding(FOUT, "geen thema: kies een thema uit de lijst", row_at(row, "thema")))
        return None
    bf = row.basisfunctie
    if "basisfunctie" in row.cellen and row.cellen["basisfunctie"].strip():
        bf = bf_nummer(t, row.cellen["basisfunctie"])
        if bf is None:
            out.append(
                Melding(FOUT, f"'{row.cellen['basisfunctie']}' is geen basisfunctie", row_at(row, "basisfunctie"))
            )
            return None
    problems = ProblemCollector()
    implied = check_plaats(problems, t.versie, bf, thema)
    out.extend(Melding(FOUT, p.message, row_at(row, p.field)) for p in problems.problems)
    return None if problems.problems else (implied, thema)


def row_at(row: RawRow, code: str) -> Locatie:
    return Locatie(row.locatie.blad, row.locatie.rij, row.labels.get(code, code))


def _ids(row: RawRow, punt: Punt, out: list[Melding]) -> None:
    raw_id = row.cellen.get("id", "").strip()
    if raw_id:
        try:
            punt.id = uuid.UUID(raw_id)
        except ValueError:
            out.append(
                Melding(FOUT, f"'{raw_id}' is geen geldig id; laat deze verborgen kolom ongemoeid", row_at(row, "id"))
            )
    raw_versie = row.cellen.get("versie", "").strip()
    if raw_versie:
        if raw_versie.isdigit():
            punt.versie = int(raw_versie)
        else:
            out.append(Melding(FOUT, f"'{raw_versie}' is geen versienummer", row_at(row, "versie")))


def to_punt(t: Template, row: RawRow, out: list[Melding]) -> Punt | None:
    """A point from a row, or None (and the reasons in ``out``)."""
    before = len(out)
    texts = {k: v for k, v in row.cellen.items() if k in ("ontwikkelpunt", *KOLOM_CODES)}
    soort = LOKAAL
    if _n(row.cellen.get("soort", "")).startswith("regionaal"):
        soort = REGIONAAL
    first = texts.get("ontwikkelpunt", "").lstrip()
    if first.lower().startswith("regionaal vastgesteld"):
        soort = REGIONAAL
        texts["ontwikkelpunt"] = first[len("regionaal vastgesteld") :].lstrip(" :\n")
    place = _place(t, row, out)
    problems: dict[str, list[str]] = {}
    fields = parse_cells(texts, problems)
    for code, messages in problems.items():
        out.extend(Melding(FOUT, m, row_at(row, code)) for m in messages)
    if not str(fields.get("doel") or "").strip():
        out.append(Melding(FOUT, "het ontwikkelpunt (doel) is leeg", row_at(row, "ontwikkelpunt")))
    status = None
    raw_status = row.cellen.get("status", "").strip()
    if raw_status and soort == LOKAAL:  # a regional point's status is the region's
        status = STATUS_VAN_LABEL.get(_n(raw_status).replace("_", " "), STATUS_VAN_LABEL.get(raw_status))
        if status is None:
            out.append(Melding(FOUT, f"'{raw_status}' is geen status", row_at(row, "status")))
    if place is None or len(out) > before:
        return None
    punt = Punt(soort=soort, basisfunctie=place[0], thema=place[1], doel="", status=status, locatie=row.locatie)
    for name, value in fields.items():
        setattr(punt, name, value)
    punt.kolom_labels = dict(row.labels)
    _ids(row, punt, out)
    return punt if len(out) == before else None


KOLOM_CODES = (
    "beoogd_resultaat",
    "anders_leren_doen",
    "verbeteractie",
    "kosten",
    "uitvoerder",
    "planning",
    "stand_van_zaken",
)


def is_empty(row: RawRow) -> bool:
    return not any(v.strip() for k, v in row.cellen.items() if k not in ("id", "versie", "soort"))

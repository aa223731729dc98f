"""The text of the eight Bijlage 3 cells: written by the export and read back
by the import, and read leniently from a plan a gemeente filled in by hand.

Every cell has one plain, readable layout (labelled lines, Dutch dates
``dd-mm-jjjj``), so that what the export writes parses back to exactly the
same values, and what a person writes in the template mostly parses too.
Parsers return the value and a list of Dutch problems; they never raise."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.plan_values import Kosten, Planning

SIGNAAL_LABELS = {"op_koers": "op koers", "aandacht_nodig": "aandacht nodig", "achter": "achter"}
SIGNAAL_VAN_LABEL = {v: k for k, v in SIGNAAL_LABELS.items()} | {k: k for k in SIGNAAL_LABELS}
MAANDEN = (
    "januari februari maart april mei juni juli augustus september oktober november december".split()  # noqa: SIM905
)
DATE = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-z]+\s+\d{4}"
_DATE_RE = re.compile(rf"^\s*({DATE})\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-•*–]\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")
_STAND_START = re.compile(
    rf"^\s*(?:stand van zaken\s*)?(?:dd\.?\s*)?({DATE})\s*(?:\(([^)]*)\))?\s*[:\-–]?\s*(.*)$", re.IGNORECASE
)


def datum(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def parse_datum(text: str) -> dt.date | None:
    """``03-03-2025``, ``3/3/2025``, ``2025-03-03`` or ``3 maart 2025``."""
    t = text.strip().lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return dt.date.fromisoformat(t)
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", t)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", t)
        if m and m.group(2) in MAANDEN:
            return dt.date(int(m.group(3)), MAANDEN.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None
    return None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _split_label(text: str, label: str) -> tuple[str, str | None]:
    """The text before a line that starts with ``label`` and the text after it."""
    lines = _lines(text)
    for i, line in enumerate(lines):
        if line.strip().lower().startswith(label.lower()):
            rest = line.strip()[len(label) :].strip()
            after = "\n".join([rest, *lines[i + 1 :]]).strip()
            return "\n".join(lines[:i]).strip(), after
    return text.strip(), None


def norm(text: str | None) -> str | None:
    """Whitespace-insensitive form for comparing a cell with stored text."""
    if text is None:
        return None
    t = " ".join(text.split())
    return t or None


# -- 1. Ontwikkelpunt -------------------------------------------------------------
ZELFSCAN = "Link met de zelfscan:"


def format_ontwikkelpunt(doel: str, zelfscan_link: str | None) -> str:
    return f"{doel}\n\n{ZELFSCAN} {zelfscan_link}" if zelfscan_link else doel


def parse_ontwikkelpunt(text: str) -> tuple[str, str | None]:
    doel, link = _split_label(text, ZELFSCAN)
    if link is None:
        doel, link = _split_label(text, "Zelfscan:")
    return doel, (link or None)


# -- 2. Beoogd resultaat / indicatoren --------------------------------------------
def format_resultaat(resultaat: str | None, indicatoren: list[str]) -> str:
    text = resultaat or ""
    if indicatoren:
        text += "\n\nIndicatoren:\n" + "\n".join(f"- {i}" for i in indicatoren)
    return text.strip()


def parse_resultaat(text: str) -> tuple[str | None, list[str]]:
    resultaat, rest = _split_label(text, "Indicatoren:")
    indicatoren = [_BULLET.sub("", line).strip() for line in _lines(rest or "") if line.strip()]
    return resultaat or None, indicatoren


# -- 4. Verbeteractie with deelstappen --------------------------------------------
@dataclass(frozen=True)
class DeelstapTekst:
    tekst: str
    gepland: dt.date | None = None
    afgerond_op: dt.date | None = None


def format_verbeteractie(omschrijving: str | None, stappen: list[DeelstapTekst]) -> str:
    text = omschrijving or ""
    if stappen:
        lines = []
        for i, s in enumerate(stappen, 1):
            extra = [f"gepland {datum(s.gepland)}"] if s.gepland else []
            extra += [f"afgerond {datum(s.afgerond_op)}"] if s.afgerond_op else []
            lines.append(f"{i}. {s.tekst}" + (f" ({', '.join(extra)})" if extra else ""))
        text += "\n\nDeelstappen:\n" + "\n".join(lines)
    return text.strip()


_STAP_DATES = re.compile(r"\s*\(((?:gepland|afgerond)[^()]*)\)\s*$", re.IGNORECASE)


def _deelstap(line: str, problems: list[str]) -> DeelstapTekst:
    gepland = afgerond = None
    m = _STAP_DATES.search(line)
    if m:
        line = line[: m.start()]
        for part in m.group(1).split(","):
            word, _, value = part.strip().partition(" ")
            d = parse_datum(value)
            if d is None:
                problems.append(f"deelstap '{line.strip()}': '{part.strip()}' is geen datum (dd-mm-jjjj)")
            elif word.lower() == "gepland":
                gepland = d
            else:
                afgerond = d
    return DeelstapTekst(line.strip(), gepland, afgerond)


def parse_verbeteractie(text: str, problems: list[str]) -> tuple[str | None, list[DeelstapTekst]]:
    omschrijving, rest = _split_label(text, "Deelstappen:")
    stappen: list[DeelstapTekst] = []
    for line in _lines(rest or ""):
        if not line.strip():
            continue
        m = _NUMBERED.match(line)
        stappen.append(_deelstap(m.group(2) if m else _BULLET.sub("", line), problems))
    return omschrijving or None, stappen


# -- 5. Kosten ---------------------------------------------------------------------
def bedrag_tekst(bedrag: Decimal) -> str:
    whole, _, cents = f"{bedrag:.2f}".partition(".")
    return f"€ {int(whole):,}".replace(",", ".") + f",{cents}"


def format_kosten(k: Kosten | None) -> str:
    if k is None:
        return ""
    lines = [f"Bedrag: {bedrag_tekst(k.bedrag)}"] if k.bedrag is not None else []
    lines += [f"Omschrijving: {k.omschrijving}"] if k.omschrijving else []
    lines += [f"Dekking: {k.dekking}"] if k.dekking else []
    lines += [f"Begrotingsjaar: {k.begrotingsjaar}"] if k.begrotingsjaar else []
    return "\n".join(lines)


_AMOUNT = re.compile(r"€?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?")


def parse_bedrag(text: str) -> Decimal | None:
    m = _AMOUNT.search(text)
    if not m:
        return None
    try:
        return Decimal(m.group(1).replace(".", "") + "." + (m.group(2) or "00").ljust(2, "0"))
    except InvalidOperation:
        return None


def parse_kosten(text: str, problems: list[str]) -> Kosten | None:
    if not text.strip():
        return None
    fields: dict[str, str] = {}
    loose: list[str] = []
    for line in _lines(text):
        label, sep, value = line.partition(":")
        key = label.strip().lower()
        if sep and key in ("bedrag", "omschrijving", "dekking", "begrotingsjaar"):
            fields[key] = value.strip()
        elif line.strip():
            loose.append(line.strip())
    if not fields:  # by hand: "€ 5.000 uit het ontwikkelbudget"
        return Kosten(parse_bedrag(text), omschrijving=" ".join(loose) or None)
    bedrag = parse_bedrag(fields["bedrag"]) if fields.get("bedrag") else None
    if fields.get("bedrag") and bedrag is None:
        problems.append(f"'{fields['bedrag']}' is geen bedrag (zoals € 18.000,00)")
    jaar = fields.get("begrotingsjaar")
    if jaar and not jaar.isdigit():
        problems.append(f"begrotingsjaar '{jaar}' is geen jaartal")
    omschrijving = "\n".join([fields.get("omschrijving", ""), *loose]).strip() or None
    return Kosten(bedrag, omschrijving, fields.get("dekking") or None, int(jaar) if jaar and jaar.isdigit() else None)


# -- 7. Planning --------------------------------------------------------------------
def format_planning(p: Planning | None) -> str:
    if p is None:
        return ""
    lines = [f"Start: {datum(p.start)}"] if p.start else []
    return "\n".join([*lines, f"Gereed: {datum(p.gereed)} ({p.precisie})"])


def _vague(text: str) -> Planning | None:
    """``juni 2026``, ``Q3 2025`` / ``3e kwartaal 2025``, ``2026``: the end of that period."""
    t = text.strip().lower()
    m = re.fullmatch(r"([a-z]+)\s+(\d{4})", t)
    if m and m.group(1) in MAANDEN:
        month, year = MAANDEN.index(m.group(1)) + 1, int(m.group(2))
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return Planning(gereed=end, precisie="maand")
    m = re.fullmatch(r"(?:q([1-4])|([1-4])e\s+kwartaal)\s+(\d{4})", t)
    if m:
        q, year = int(m.group(1) or m.group(2)), int(m.group(3))
        end = dt.date(year + q // 4, (q * 3) % 12 + 1, 1) - dt.timedelta(days=1)
        return Planning(gereed=end, precisie="kwartaal")
    if re.fullmatch(r"(?:eind\s+)?\d{4}", t):
        return Planning(gereed=dt.date(int(t[-4:]), 12, 31), precisie="jaar")
    return None


def parse_planning(text: str, problems: list[str]) -> Planning | None:
    if not text.strip():
        return None
    fields = {}
    for line in _lines(text):
        label, sep, value = line.partition(":")
        if sep and label.strip().lower() in ("start", "gereed"):
            fields[label.strip().lower()] = value.strip()
    if not fields:  # by hand: "01-03-2025 t/m 30-06-2026", "juni 2026", "Q3 2025"
        parts = re.split(r"\s+(?:t/m|tot en met|tot|-|–)\s+", text.strip(), maxsplit=1)
        fields = {"start": parts[0], "gereed": parts[1]} if len(parts) == 2 else {"gereed": parts[0]}
    gereed_text = fields.get("gereed", "")
    m = re.fullmatch(r"(.*?)\s*\((dag|maand|kwartaal|jaar)\)", gereed_text.strip())
    gereed = parse_datum(m.group(1)) if m else parse_datum(gereed_text)
    start = parse_datum(fields["start"]) if fields.get("start") else None
    if fields.get("start") and start is None:
        problems.append(f"start '{fields['start']}' is geen datum (dd-mm-jjjj)")
    if gereed is not None:
        return Planning(gereed=gereed, precisie=m.group(2) if m else "dag", start=start)
    vague = _vague(gereed_text)
    if vague is None:
        problems.append(f"'{gereed_text}' is geen datum (dd-mm-jjjj), maand, kwartaal of jaar")
        return None
    return Planning(gereed=vague.gereed, precisie=vague.precisie, start=start)


# -- 8. Stand van zaken ------------------------------------------------------------
@dataclass(frozen=True)
class StandTekst:
    peildatum: dt.date
    tekst: str
    signaal: str | None


def format_stand(s: StandTekst) -> str:
    label = f" ({SIGNAAL_LABELS[s.signaal]})" if s.signaal else ""
    return f"dd. {datum(s.peildatum)}{label}: {s.tekst}"


def format_standen(standen: list[StandTekst]) -> str:
    return "\n".join(format_stand(s) for s in standen)


def parse_standen(text: str, problems: list[str]) -> list[StandTekst]:
    """Entries start with ``dd. <datum>`` (or a date) at the start of a line;
    other lines continue the entry before them."""
    entries: list[tuple[dt.date, str | None, list[str]]] = []
    for line in _lines(text):
        if not line.strip():
            continue
        m = _STAND_START.match(line)
        d = parse_datum(m.group(1)) if m else None
        if m and d is not None:
            label = (m.group(2) or "").strip().lower()
            if label and label not in SIGNAAL_VAN_LABEL:
                problems.append(f"'{label}' is geen signaal (op koers, aandacht nodig of achter)")
            entries.append((d, SIGNAAL_VAN_LABEL.get(label), [m.group(3).strip()]))
        elif entries:
            entries[-1][2].append(line.strip())
        else:
            problems.append("een stand van zaken begint met de datum: 'dd. dd-mm-jjjj: tekst'")
            return []
    result = []
    for d, signaal, parts in entries:
        tekst = "\n".join(parts).strip()
        if not tekst:
            problems.append(f"de stand van zaken van {datum(d)} heeft geen tekst")
            continue
        result.append(StandTekst(d, tekst, signaal))
    return result

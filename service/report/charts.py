"""The charts as SVG: vector, deterministic (same data, same bytes), only
presentation attributes (no ``style`` attribute or element, so the strict CSP
of ``/dashboard`` holds) and Helvetica text, so fpdf2 draws them in the PDF as
vector paths and text. Signals are told apart by colour AND by shape: op koers
a circle, aandacht nodig a triangle, achter a cross, geen stand a dash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from domain.vocabulary import Voortgangssignaal

FONT = "Helvetica"
SIGNALEN = tuple(Voortgangssignaal)
KLEUR = {"op_koers": "#2e7d32", "aandacht_nodig": "#e0a100", "achter": "#c62828", "geen": "#9e9e9e"}
NAAM = {"op_koers": "op koers", "aandacht_nodig": "aandacht nodig", "achter": "achter", "geen": "geen stand"}
PALET = ("#1f4e79", "#2e7d32", "#c62828", "#e0a100", "#6a1b9a", "#00838f", "#5d4037", "#ad1457")


def _t(x: float, y: float, text: str, size: float = 9, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}"'
        f' font-weight="{weight}" fill="#222222">{escape(text)}</text>'
    )


def _svg(width: float, height: float, body: Sequence[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def marker(signaal: str, x: float, y: float, r: float = 4.0) -> str:
    """The signal's shape in its colour (readable in black and white too)."""
    c = KLEUR.get(signaal, KLEUR["geen"])
    if signaal == "op_koers":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c}" stroke="#000000" stroke-width="0.5"/>'
    if signaal == "aandacht_nodig":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{c}" stroke="#000000" stroke-width="0.5"/>'
    if signaal == "achter":
        d = f"M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} M{x - r:.1f},{y + r:.1f} L{x + r:.1f},{y - r:.1f}"
        return f'<path d="{d}" stroke="{c}" stroke-width="2.2" fill="none"/>'
    return f'<path d="M{x - r:.1f},{y:.1f} L{x + r:.1f},{y:.1f}" stroke="{c}" stroke-width="2" fill="none"/>'


def _legend(x: float, y: float, keys: Sequence[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        out += [marker(k, x + 5, y - 3), _t(x + 13, y, NAAM[k], 8)]
        x += 20 + 5 * len(NAAM[k])
    return out


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gantt(rows: Sequence[dict[str, Any]], vandaag: dt.date, title: str = "Mijlpalenplanning") -> str:
    """Basisplanning (grey bar) against verwachting (blue bar, red and hatched with
    an X when slipped), the actual as a black diamond, a dashed today line."""
    if not rows:
        return _svg(500, 40, [_t(10, 24, "Geen mijlpalen zichtbaar.")], title)
    label_w, plot_w, row_h, top = 210.0, 330.0, 16.0, 34.0
    days = [d for r in rows for d in (_day(r["basisplanning"]), _day(r["verwachtingEind"]), _day(r["behaald"])) if d]
    start = min(days).replace(day=1)
    end = max(days) + dt.timedelta(days=31)
    # the peildatum long after the planning: the axis stays on the planning, the line at its right edge
    buiten = vandaag > end + dt.timedelta(days=90)
    end = end if buiten else max(end, vandaag + dt.timedelta(days=31))
    start = min(start, vandaag.replace(day=1)) if vandaag >= start - dt.timedelta(days=90) else start
    span = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return label_w + plot_w * (day - start).days / span

    body = [_t(label_w, 12, "grijs: basisplanning - blauw: verwachting - rood met X: verschoven - ruit: behaald", 7)]
    month = start
    while month <= end:
        if month.month in ((1,) if span > 730 else (1, 4, 7, 10)):
            body.append(
                f'<line x1="{x(month):.1f}" y1="{top - 8}" x2="{x(month):.1f}" y2="{top + row_h * len(rows)}"'
                ' stroke="#dddddd" stroke-width="0.5"/>'
            )
            label = str(month.year) if span > 730 else f"{month.year}-Q{(month.month - 1) // 3 + 1}"
            body.append(_t(x(month) + 2, top - 10, label, 7))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for i, r in enumerate(rows):
        y = top + i * row_h
        titel = r["titel"] + (f" ({r['gemeente']})" if r.get("gemeente") else "")
        body.append(_t(4, y + 11, titel[:46], 7))
        b0, b1 = _day(r["basisplanning"]), _day(r["basisplanningEind"])
        f0, f1 = _day(r["verwachting"]), _day(r["verwachtingEind"])
        assert b0 and b1 and f0 and f1
        body.append(
            f'<rect x="{x(b0):.1f}" y="{y + 2:.1f}" width="{max(2.0, x(b1) - x(b0)):.1f}" height="5" fill="#bdbdbd"/>'
        )
        slipped = r["slipDagen"] > 0
        colour = "#c62828" if slipped else "#1f4e79"
        body.append(
            f'<rect x="{x(f0):.1f}" y="{y + 8:.1f}" width="{max(2.0, x(f1) - x(f0)):.1f}" height="5" fill="{colour}"/>'
        )
        if slipped:
            cx = x(f1) + 6
            body.append(marker("achter", cx, y + 10.5, 3))
            body.append(_t(cx + 6, y + 13, f"+{r['slipDagen']} d", 6.5))
        actual = _day(r["behaald"])
        if actual:
            ax, ay = x(actual), y + 8
            body.append(
                f'<polygon points="{ax:.1f},{ay - 4:.1f} {ax + 4:.1f},{ay:.1f} {ax:.1f},{ay + 4:.1f}'
                f' {ax - 4:.1f},{ay:.1f}" fill="#000000"/>'
            )
    bottom = top + row_h * len(rows)
    tx = min(max(x(vandaag), label_w), label_w + plot_w)
    body.append(
        f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{bottom:.1f}" stroke="#000000" stroke-width="1"'
        ' stroke-dasharray="3,2"/>'
    )
    later = " (later, buiten beeld)" if buiten else ""
    body.append(_t(tx, bottom + 10, f"peildatum {vandaag:%d-%m-%Y}{later}", 7, "end" if buiten else "middle"))
    return _svg(label_w + plot_w + 60, bottom + 16, body, title)


def _tel(tellingen: Sequence[dict[str, Any]], sleutel: str) -> int:
    return next((int(t["aantal"]) for t in tellingen if t["sleutel"] == sleutel), 0)


def reeks(punten: Sequence[dict[str, Any]], title: str) -> str:
    """Ontwikkelpunten per signaal per kwartaal: one line and marker per signal."""
    w, h, left, top, bottom = 300.0, 130.0, 28.0, 18.0, 24.0
    n = max(1, len(punten))
    hoogste = max([1] + [_tel(p["perSignaal"], s) for p in punten for s in SIGNALEN])
    body = [_t(4, 11, title[:60], 8, weight="bold")]
    plot_h = h - top - bottom
    body.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#888888" stroke-width="0.5"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{w - 6}" y2="{top + plot_h}" stroke="#888888" stroke-width="0.5"/>'
    )
    body += [_t(left - 3, top + 3, str(hoogste), 6.5, "end"), _t(left - 3, top + plot_h, "0", 6.5, "end")]

    def px(i: int) -> float:
        return left + 6 + (w - left - 18) * (i / max(1, n - 1))

    def py(v: int) -> float:
        return top + plot_h - plot_h * v / hoogste

    for i, p in enumerate(punten):
        if i % max(1, n // 4) == 0 or i == n - 1:
            body.append(_t(px(i), top + plot_h + 9, p["periode"], 6, "middle"))
    for s in SIGNALEN:
        pts = [(px(i), py(_tel(p["perSignaal"], s))) for i, p in enumerate(punten)]
        if len(pts) > 1:
            d = "M" + " L".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            body.append(f'<path d="{d}" stroke="{KLEUR[s]}" stroke-width="1.2" fill="none"/>')
        body += [marker(s, a, b, 2.5) for a, b in pts]
    body += _legend(left, h - 3, SIGNALEN)
    return _svg(w, h, body, title)


def _worst(cel: dict[str, Any]) -> str:
    if cel["achter"]:
        return "achter"
    if cel["aandachtNodig"]:
        return "aandacht_nodig"
    if cel["opKoers"]:
        return "op_koers"
    return "geen"


def heatmap(cellen: Sequence[dict[str, Any]], basisfuncties: dict[int, str], title: str = "Regiobeeld") -> str:
    """Gemeenten × basisfuncties: each cell in the colour and shape of its
    worst signal, with the counts op koers / aandacht / achter as text."""
    gemeenten = sorted({(c.get("regio", ""), c["naam"]) for c in cellen})
    if not gemeenten:
        return _svg(500, 40, [_t(10, 24, "Geen regiobeeld zichtbaar.")], title)
    label_w, cw, ch, top = 120.0, 74.0, 20.0, 40.0
    by = {(c.get("regio", ""), c["naam"], c["basisfunctie"]): c for c in cellen}
    nummers = sorted(basisfuncties)
    body = [_t(label_w + i * cw + cw / 2, top - 22, f"BF{n}", 8, "middle", "bold") for i, n in enumerate(nummers)]
    body += [_t(label_w + i * cw + cw / 2, top - 12, basisfuncties[n][:16], 6, "middle") for i, n in enumerate(nummers)]
    for j, (regio, naam) in enumerate(gemeenten):
        y = top + j * ch
        body.append(_t(4, y + 13, f"{naam}" + (f" ({regio})" if regio else ""), 7.5))
        for i, n in enumerate(nummers):
            x = label_w + i * cw
            cel = by.get((regio, naam, n))
            signaal = _worst(cel) if cel else "geen"
            fill = {"op_koers": "#c8e6c9", "aandacht_nodig": "#ffe082", "achter": "#ef9a9a"}.get(signaal, "#f5f5f5")
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw - 2:.1f}" height="{ch - 2:.1f}" fill="{fill}"'
                ' stroke="#ffffff" stroke-width="1"/>'
            )
            body.append(marker(signaal, x + 9, y + ch / 2 - 1, 4))
            if cel:
                body.append(_t(x + 18, y + 12.5, f"{cel['opKoers']}/{cel['aandachtNodig']}/{cel['achter']}", 7))
    bottom = top + ch * len(gemeenten)
    body += _legend(label_w, bottom + 14, (*SIGNALEN, "geen"))
    body.append(_t(4, bottom + 26, "In elke cel: op koers / aandacht nodig / achter (aantal ontwikkelpunten)", 7))
    return _svg(label_w + cw * len(nummers) + 10, bottom + 32, body, title)


def begroting(
    regels: Sequence[dict[str, Any]], jaren: Sequence[int], title: str = "Begroting per regel en jaar"
) -> str:
    """Grouped horizontal bars: per line one bar per year."""
    rows = [r for r in regels if not r["pm"]]
    if not rows or not jaren:
        return _svg(500, 40, [_t(10, 24, "Geen begroting zichtbaar.")], title)
    label_w, plot_w, bar_h, top = 170.0, 300.0, 6.0, 24.0
    hoogste = max(Decimal(b["bedrag"]) for r in rows for b in r["bedragen"]) or Decimal(1)
    group_h = bar_h * len(jaren) + 6
    body = _legend_jaren(label_w, 12, jaren)
    for i, r in enumerate(rows):
        y = top + i * group_h
        body.append(_t(4, y + group_h / 2 + 2, r["taak"][:34], 7))
        for k, jaar in enumerate(jaren):
            bedrag = next((Decimal(b["bedrag"]) for b in r["bedragen"] if b["jaar"] == jaar), Decimal(0))
            width = float(Decimal(plot_w) * bedrag / hoogste)
            yy = y + k * bar_h
            body.append(
                f'<rect x="{label_w:.1f}" y="{yy:.1f}" width="{max(0.5, width):.1f}" height="{bar_h - 1:.1f}"'
                f' fill="{PALET[k % len(PALET)]}"/>'
            )
            body.append(_t(label_w + width + 3, yy + bar_h - 1.5, _euro(bedrag), 5.5))
    return _svg(label_w + plot_w + 70, top + group_h * len(rows) + 6, body, title)


def _legend_jaren(x: float, y: float, jaren: Sequence[int]) -> list[str]:
    out: list[str] = []
    for k, jaar in enumerate(jaren):
        out.append(f'<rect x="{x:.1f}" y="{y - 6:.1f}" width="8" height="6" fill="{PALET[k % len(PALET)]}"/>')
        out.append(_t(x + 11, y, str(jaar), 7))
        x += 40
    return out


def _euro(bedrag: Decimal) -> str:
    return "EUR " + f"{bedrag:,.0f}".replace(",", ".")


euro = _euro

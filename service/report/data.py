"""What the pack and the dashboard show, read by executing the service's own
GraphQL queries on the schema with the reader's :class:`Context`: the same
resolvers, authorization and row-level security (``Context.db()``) as a
client of ``/graphql`` gets, never a read around them.

A section the reader may not see (a GraphQL error such as NOT_ALLOWED) is
kept as a Dutch note instead of data, so a gemeente's pack simply holds less."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from domain.catalogue import template
from domain.errors import NotAllowed
from service.commands.base import NotFound
from service.graphql.context import Context


@lru_cache(maxsize=2)
def _schema(production: bool) -> Any:
    from service.graphql.schema import build_schema

    return build_schema(production=production)


class QueryFailed(Exception):
    """A GraphQL error: its Dutch message (and code) for the section's note."""

    def __init__(self, message: str, code: str | None) -> None:
        super().__init__(message)
        self.message, self.code = message, code


async def run(ctx: Context, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """Execute ``query`` as ``ctx``'s principal; raise :class:`QueryFailed` on an error."""
    result = await _schema(ctx.runtime.settings.production).execute(query, variable_values=variables, context_value=ctx)
    if result.errors:
        first = result.errors[0]
        code = (first.extensions or {}).get("code")
        raise QueryFailed(first.message, str(code) if code else None)
    return dict(result.data or {})


@dataclass
class Section:
    """Rows of one section, or why the reader does not see them."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None


@dataclass
class Pack:
    gremium: dict[str, Any]
    peildatum: dt.date
    as_of: dt.datetime | None
    venster: str
    groepen: list[dict[str, Any]]
    wijzigingen: Section
    besluiten: Section
    planning: Section
    reeks_basisfunctie: dict[str, Section]
    reeks_gemeente: dict[str, Section]
    regiobeeld: Section
    begroting: dict[str, Any] | None
    begroting_note: str | None
    risicos: Section
    programma: dict[str, Any] | None
    basisfuncties: dict[int, str]

    @property
    def verschoven(self) -> list[dict[str, Any]]:
        return [r for r in self.planning.rows if r["slipDagen"] > 0 or r["status"].lower() in ("vertraagd", "te_laat")]


GREMIUM = "query($g: String!, $asOf: DateTime) { gremia(code: $g, asOf: $asOf) { code naam regio type } }"
PROGRAMMAS = "query($asOf: DateTime) { programmas(asOf: $asOf) { code naam regio periodeStart periodeEind } }"
REGELS = """
  groepen { sleutel titel aantal }
  regels(first: 200, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { groep groepTitel actieWeergave objectType gemeente aanmaakdatum datumInWerkelijkheid toelichting
            wijzigingen { veld } }
  }"""
SINDS = (
    "query($g: String!, $asOf: DateTime, $after: String) {"
    " w: wijzigingenSindsOverleg(gremium: $g, asOf: $asOf) {" + REGELS + " } }"
)
TUSSEN = (
    "query($g: String!, $van: DateTime!, $tot: DateTime, $after: String) {"
    " w: wijzigingenTussen(gremium: $g, vanaf: $van, tot: $tot) {" + REGELS + " } }"
)
BESLUITEN = """query($g: String!, $van: Date, $tot: Date, $asOf: DateTime, $after: String) {
  besluitenlijst(gremium: $g, van: $van, tot: $tot, asOf: $asOf, first: 200, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { kenmerk onderwerp datum status voorstel
            beslispunten { nummer tekst uitkomst }
            effecten { objectType gebeurtenis objectId } } } }"""
PLANNING = """query($programma: String, $asOf: DateTime, $p: Date, $after: String) {
  mijlpalenplanning(programma: $programma, asOf: $asOf, peildatum: $p, first: 200, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { mijlpaalId titel soort project gemeente status basisplanning basisplanningEind verwachting
            verwachtingEind verwachtingPrecisie behaald slipDagen redenen } } }"""
REEKS = """query($van: Date!, $tot: Date!, $bf: Int, $gm: String, $asOf: DateTime) {
  voortgangsreeks(
    van: $van, tot: $tot, interval: KWARTAAL, basisfunctie: $bf, gemeente: $gm, asOf: $asOf, volgensPeildatum: true
  ) {
    periode einde perStatus { sleutel aantal } perSignaal { sleutel aantal } } }"""
REGIOBEELD = """query($regio: String!, $asOf: DateTime) {
  regiobeeld(regio: $regio, asOf: $asOf) { gemeente naam basisfunctie opKoers aandachtNodig achter zonderStand
    concept vastgesteld inUitvoering afgerond } }"""
BEGROTING = """query($programma: String!, $asOf: DateTime, $p: Date) {
  begroting(programma: $programma, asOf: $asOf, peildatum: $p) {
    jaren totaal regels { code taak invulling pm totaal bedragen { jaar bedrag } } totaalPerJaar { jaar bedrag } } }"""
RISICOS = """query($programma: String!, $asOf: DateTime, $after: String) {
  risicoregister(programma: $programma, asOf: $asOf, first: 200, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { nummer omschrijving status eigenaar escalaties beheersmaatregelen } } }"""
GEMEENTEN = """query($asOf: DateTime) { regios(asOf: $asOf) { code naam gemeenten { code naam } } }"""


def _iso(instant: dt.datetime | None) -> str | None:
    return instant.isoformat() if instant else None


async def _paged(
    ctx: Context, query: str, variables: dict[str, Any], key: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The first page's answer (for what it carries beside the rows) and the rows of every page."""
    rows: list[dict[str, Any]] = []
    first: dict[str, Any] | None = None
    after = None
    for _ in range(100):
        data = (await run(ctx, query, {**variables, "after": after}))[key]
        first = first if first is not None else data
        rows += data["nodes"] if "nodes" in data else data["regels"]["nodes"]
        info = data["pageInfo"] if "pageInfo" in data else data["regels"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    return first or {}, rows


async def _pages(ctx: Context, query: str, variables: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return (await _paged(ctx, query, variables, key))[1]


async def _section(ctx: Context, query: str, variables: dict[str, Any], key: str, paged: bool = True) -> Section:
    try:
        if paged:
            return Section(await _pages(ctx, query, variables, key))
        value = (await run(ctx, query, variables))[key]
        return Section(list(value or []))
    except QueryFailed as exc:
        return Section(note=f"Niet zichtbaar voor u: {exc.message}")


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


async def programma_van(ctx: Context, regio: str, as_of: dt.datetime | None) -> dict[str, Any] | None:
    programmas = (await run(ctx, PROGRAMMAS, {"asOf": _iso(as_of)}))["programmas"]
    return next((p for p in programmas if p["regio"] == regio), None)


def reeks_van(peildatum: dt.date) -> dt.date:
    """The first day of the series: the quarter two years before ``peildatum``."""
    return _quarter_start(peildatum - dt.timedelta(days=2 * 365))


async def reeks(
    ctx: Context,
    van: dt.date,
    tot: dt.date,
    as_of: dt.datetime | None,
    *,
    basisfunctie: int | None = None,
    gemeente: str | None = None,
) -> Section:
    """One ``voortgangsreeks`` per quarter (within a basisfunctie and/or a gemeente)."""
    variables = {"van": van.isoformat(), "tot": tot.isoformat(), "bf": basisfunctie, "gm": gemeente}
    return await _section(ctx, REEKS, variables | {"asOf": _iso(as_of)}, "voortgangsreeks", paged=False)


async def per_basisfunctie(
    ctx: Context, van: dt.date, tot: dt.date, as_of: dt.datetime | None, gemeente: str | None = None
) -> dict[str, Section]:
    """``voortgangsreeks`` per basisfunctie (within ``gemeente`` when given), by "nummer. naam"."""
    return {
        f"{b.nummer}. {b.naam}": await reeks(ctx, van, tot, as_of, basisfunctie=b.nummer, gemeente=gemeente)
        for b in template().basisfuncties
    }


KALENDER = """query($r: String!, $asOf: DateTime) {
  vergaderkalender(regio: $r, asOf: $asOf) { overleggen { gremium datum status } } }"""


async def last_held(
    ctx: Context, regio: str, gremium: str, peildatum: dt.date, as_of: dt.datetime | None
) -> dt.date | None:
    """The date of the gremium's last held meeting on or before ``peildatum``: the
    besluiten "since the previous meeting" are those taken from that day on
    (None: no meeting held yet, or the reader may not see the calendar)."""
    try:
        kalender = (await run(ctx, KALENDER, {"r": regio, "asOf": _iso(as_of)}))["vergaderkalender"]
    except QueryFailed:  # a reader who may not see the calendar (a gemeente): every besluit it may see
        return None
    held = [
        dt.date.fromisoformat(o["datum"])
        for o in kalender["overleggen"]
        if o["gremium"] == gremium
        and o["status"].lower() == "gehouden"
        and dt.date.fromisoformat(o["datum"]) <= peildatum
    ]
    return max(held, default=None)


async def gather(
    ctx: Context,
    gremium: str,
    *,
    van: dt.datetime | None = None,
    tot: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
) -> Pack:
    """Everything of the overleg's pack for ``gremium``: changes since the
    previous meeting (or between ``van`` and ``tot``), the besluiten, the
    planning, the series, the regiobeeld, budget and risks, as of ``as_of``."""
    gremia = (await run(ctx, GREMIUM, {"g": gremium, "asOf": _iso(as_of)}))["gremia"]
    if not gremia:
        raise NotFound(f"gremium {gremium} niet gevonden")
    g = gremia[0]
    peildatum = (as_of or tot or dt.datetime.now(dt.UTC)).date()
    if van is not None:
        eerste, w = await _paged(ctx, TUSSEN, {"g": gremium, "van": van.isoformat(), "tot": _iso(tot or as_of)}, "w")
        venster = f"tussen {van:%d-%m-%Y %H:%M} en {(tot or as_of or dt.datetime.now(dt.UTC)):%d-%m-%Y %H:%M} (UTC)"
    else:
        eerste, w = await _paged(ctx, SINDS, {"g": gremium, "asOf": _iso(as_of)}, "w")
        venster = "sinds het vorige gehouden overleg"
    besluit_van = van.date() if van else await last_held(ctx, g["regio"], gremium, peildatum, as_of)
    einde = tot or as_of
    besluit_tot = einde.date() if einde else None
    besluiten = await _section(
        ctx,
        BESLUITEN,
        {"g": gremium, "van": _iso_date(besluit_van), "tot": _iso_date(besluit_tot), "asOf": _iso(as_of)},
        "besluitenlijst",
    )
    programma = await programma_van(ctx, g["regio"], as_of)
    code = programma["code"] if programma else None
    # everything of the planning the reader sees (the demo's planning is not filed under a programme)
    planning = await _section(
        ctx, PLANNING, {"programma": None, "asOf": _iso(as_of), "p": peildatum.isoformat()}, "mijlpalenplanning"
    )
    begin = reeks_van(peildatum)
    per_bf = await per_basisfunctie(ctx, begin, peildatum, as_of)
    regiobeeld = Section()
    for regio in (await run(ctx, GEMEENTEN, {"asOf": _iso(as_of)}))["regios"]:
        cellen = await _section(ctx, REGIOBEELD, {"regio": regio["code"], "asOf": _iso(as_of)}, "regiobeeld", False)
        regiobeeld.note = regiobeeld.note or cellen.note
        regiobeeld.rows += [c | {"regio": regio["naam"]} for c in cellen.rows]
    actief = sorted({(c["naam"], c["gemeente"]) for c in regiobeeld.rows if _punten(c) > 0})
    per_gm: dict[str, Section] = {}
    for naam, gm in actief:
        per_gm[naam] = await reeks(ctx, begin, peildatum, as_of, gemeente=gm)
    begroting, begroting_note = None, None
    risicos = Section(note="Geen programma in deze regio.")
    if code:
        try:
            begroting = (
                await run(ctx, BEGROTING, {"programma": code, "asOf": _iso(as_of), "p": peildatum.isoformat()})
            )["begroting"]
        except QueryFailed as exc:
            begroting_note = f"Niet zichtbaar voor u: {exc.message}"
        risicos = await _section(ctx, RISICOS, {"programma": code, "asOf": _iso(as_of)}, "risicoregister")
    return Pack(
        gremium=g,
        peildatum=peildatum,
        as_of=as_of,
        venster=venster,
        groepen=list(eerste.get("groepen") or []),
        wijzigingen=Section(w),
        besluiten=besluiten,
        planning=planning,
        reeks_basisfunctie=per_bf,
        reeks_gemeente=per_gm,
        regiobeeld=regiobeeld,
        begroting=begroting,
        begroting_note=begroting_note,
        risicos=risicos,
        programma=programma,
        basisfuncties={b.nummer: b.naam for b in template().basisfuncties},
    )


def _punten(cel: dict[str, Any]) -> int:
    return int(cel["concept"] + cel["vastgesteld"] + cel["inUitvoering"] + cel["afgerond"])


def _iso_date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


__all__ = ["NotAllowed", "Pack", "QueryFailed", "Section", "gather", "run"]

"""A deterministic data generator for the benchmarks, from demo size to a
national data set (342 gemeenten, millions of events).

Events are written FAST: aggregates are built through the domain (its
validation and events, under a ``command_context``) and saved with
``app.save(*aggregates)`` in big batches, not over HTTP and not through the
command services. Same size, same content (ids are natural ids, texts and
dates derive from counters); only the recording timestamps differ.

Layout: regio ``bench-r00`` holds ``regio_size`` gemeenten (the regiobeeld
benchmark), the rest are spread over further regio's. Gemeente ``GM9000`` has
the big plan (``big_points`` ontwikkelpunten, the full-plan and as-of
benchmarks) with a stand van zaken every week for ``big_weeks`` weeks (10 000+
events); every other gemeente has ``points`` ontwikkelpunten with a stand van
zaken every month for ``months`` months. Programme
``bench-prog`` has ``milestones`` mijlpalen, some of them moved or reached.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.base import CommandMeta, command_context
from domain.catalogue import template
from domain.ids import natural_id
from domain.mijlpaal import Mijlpaal
from domain.ontwikkelplan import Ontwikkelplan, plan_id
from domain.ontwikkelpunt import Deelstap, Kolommen, Ontwikkelpunt
from domain.plan_values import Kosten, Planning, Stand
from domain.programma import Programma
from domain.regio import Regio

PERIODE = "2025-2027"
START = dt.date(2025, 1, 15)
TODAY = dt.date(2026, 12, 31)
BIG_GEMEENTE = "GM9000"
REGIO = "bench-r00"
PROGRAMMA = "bench-prog"
SIGNALEN = ("op_koers", "aandacht_nodig", "achter")
THEMAS = [(t.code, t.basisfunctie) for t in template().tabellen]


@dataclass(frozen=True)
class Size:
    name: str
    gemeenten: int
    regio_size: int
    points: int
    big_points: int
    months: int
    big_weeks: int
    milestones: int


SIZES = {
    "smoke": Size("smoke", 4, 4, 3, 12, 2, 4, 30),
    "small": Size("small", 40, 40, 4, 110, 6, 78, 500),
    "medium": Size("medium", 342, 40, 10, 110, 12, 78, 500),
    "large": Size("large", 342, 40, 90, 110, 23, 78, 2000),
}


def gemeente_code(i: int) -> str:
    return f"GM{9000 + i:04d}"


def regio_code(i: int) -> str:
    return f"bench-r{i:02d}"


def regio_of(size: Size, g: int) -> int:
    return 0 if g < size.regio_size else 1 + (g - size.regio_size) // 40


def punt_id(gemeente: str, n: int) -> Any:
    return natural_id("bench-ontwikkelpunt", f"{gemeente}/{n}")


def mijlpaal_id(n: int) -> Any:
    return natural_id("bench-mijlpaal", str(n))


def actor(gemeente: str) -> CommandMeta:
    return CommandMeta(actor_id=f"bench-official-{gemeente}", request_id="bench-generate")


def regios(size: Size) -> list[Regio]:
    out: dict[int, Regio] = {}
    for g in range(size.gemeenten):
        r = regio_of(size, g)
        if r not in out:
            out[r] = Regio.registreer(regio_code(r), f"Benchregio {r}")
        out[r].registreer_gemeente(gemeente_code(g), f"Benchgemeente {g}")
    return list(out.values())


def new_point(gemeente: str, n: int) -> Ontwikkelpunt:
    thema, bf = THEMAS[n % len(THEMAS)]
    kolommen = Kolommen(
        beoogd_resultaat=f"Resultaat {n}: professionals werken volgens de afspraak.",
        indicatoren=[f"indicator {n}.1", f"indicator {n}.2"],
        anders_leren_doen="Samen leren in casuïstiekoverleg.",
        verbeteractie=f"Verbeteractie {n} met het lokale team.",
        deelstappen=[Deelstap(f"Deelstap {k} van punt {n}", START + dt.timedelta(days=60 * k)) for k in (1, 2, 3)],
        kosten=Kosten(Decimal(1000 + 250 * (n % 40)), "Inzet projectleider", "Ontwikkelbudget", 2025 + n % 2),
        uitvoerder="Lokaal team",
        planning=Planning(gereed=dt.date(2026, 1 + n % 12, 1), precisie="maand", start=START),
        stand=Stand(peildatum=START, tekst=f"Nulmeting van punt {n}.", signaal="op_koers"),
    )
    return Ontwikkelpunt.voeg_toe(
        id=punt_id(gemeente, n),
        plan_id=plan_id(gemeente, PERIODE),
        gemeente=gemeente,
        periode=PERIODE,
        template_versie=template().versie,
        basisfunctie=bf,
        thema=thema,
        doel=f"Ontwikkelpunt {n} van {gemeente}: de toegang verbeteren.",
        zelfscan_link=None if n % 7 == 0 else f"zelfscan/{gemeente}/{n}",
        kolommen=kolommen,
        vandaag=TODAY,
    )


def update_point(punt: Ontwikkelpunt, n: int, updates: int, every_days: int) -> None:
    punt.wijzig_status("vastgesteld")
    punt.wijzig_status("in_uitvoering")
    for m in range(1, updates + 1):
        peildatum = START + dt.timedelta(days=every_days * m)
        signaal = SIGNALEN[(n + m) % 3]
        punt.werk_stand_bij(Stand(peildatum, f"Stand {m} van punt {n}: {signaal}.", signaal), TODAY)
        if m == 3:
            punt.rond_deelstap_af("d1", peildatum, TODAY)
        if m == 6:
            punt.leg_uitvoerder_vast(f"Uitvoerder na herijking {n}")


def plan_aggregates(size: Size, g: int) -> Iterator[list[Any]]:
    """The plan of gemeente ``g`` and its points, in chunks of aggregates."""
    gemeente = gemeente_code(g)
    with command_context(actor(gemeente)):
        plan = Ontwikkelplan.maak(gemeente, f"Benchgemeente {g}", regio_code(regio_of(size, g)), PERIODE)
        plan.stel_vast(START, TODAY)
        chunk: list[Any] = [plan]
        big = gemeente == BIG_GEMEENTE
        for n in range(size.big_points if big else size.points):
            punt = new_point(gemeente, n)
            update_point(punt, n, size.big_weeks if big else size.months, 7 if big else 30)
            chunk.append(punt)
            if len(chunk) >= 50:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def programme(size: Size) -> Iterator[list[Any]]:
    meta = CommandMeta(actor_id="bench-programmabureau", request_id="bench-generate")
    with command_context(meta):
        prog = Programma.start(
            code=PROGRAMMA,
            naam="Benchprogramma",
            regio=REGIO,
            periode_start=dt.date(2025, 1, 1),
            periode_eind=dt.date(2027, 12, 31),
            doelen=["Meten is weten"],
            opdrachtgevers=[gemeente_code(0)],
        )
        chunk: list[Any] = [prog]
        for n in range(size.milestones):
            chunk.append(milestone(prog, n))
            if len(chunk) >= 200:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def milestone(prog: Programma, n: int) -> Mijlpaal:
    datum = dt.date(2025, 2, 1) + dt.timedelta(days=(n * 3) % 900)
    m: Mijlpaal = Mijlpaal._create(
        Mijlpaal.Gepland,
        id=mijlpaal_id(n),
        titel=f"Mijlpaal {n}",
        soort="rapportage" if n % 2 else "bijeenkomst",
        eigenaar_soort="programma",
        eigenaar_id=str(prog.id),
        programma=PROGRAMMA,
        project=None,
        datum=datum,
        precisie="dag",
        omschrijving="",
        start=None,  # a point milestone, not an activity with a period
        start_precisie=None,
    )
    if n % 3 == 0:
        m.verplaats(datum + dt.timedelta(days=30), "dag", "capaciteit", "Minder capaciteit dan gepland")
    if n % 5 == 0 and datum < TODAY:
        m.behaal(datum)
    return m


def all_chunks(size: Size) -> Iterator[list[Any]]:
    with command_context(CommandMeta(actor_id="bench-programmabureau", request_id="bench-generate")):
        yield regios(size)
    for g in range(size.gemeenten):
        yield from plan_aggregates(size, g)
    yield from programme(size)


def generate(app: Any, size: Size, batch_events: int = 5000) -> dict[str, float]:
    """Write the data set of ``size`` into ``app``'s store; return counts and rate."""
    started = time.perf_counter()
    pending: list[Any] = []
    pending_events = 0
    events = 0
    for chunk in all_chunks(size):
        pending.extend(chunk)
        pending_events += sum(len(a.pending_events) for a in chunk)
        if pending_events >= batch_events:
            app.save(*pending)
            events += pending_events
            pending, pending_events = [], 0
    if pending:
        app.save(*pending)
        events += pending_events
    seconds = time.perf_counter() - started
    return {"events": events, "seconds": round(seconds, 2), "events_per_s": round(events / seconds, 1)}

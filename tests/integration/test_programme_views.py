"""The programme views on a real PostgreSQL: demo budget totals, the
mijlpalenplanning as of before the moves, per-gemeente instances, dependency
warnings, constant query counts and a full rebuild."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import sql

from domain.base import CommandMeta, command_context
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie
from domain.principal import Principal
from projections.paging import page_request
from projections.programme import begroting as bv
from projections.programme import mijlpalen as mv
from projections.programme import programma as pv
from projections.programme import risico as rv
from projections.programme.begroting import BudgetProjection
from projections.programme.mijlpalen import MijlpaalProjection
from projections.programme.programma import ProgrammeProjection
from projections.programme.risico import RiskProjection
from service.commands.base import Envelope
from service.commands.programme.begroting import BoekRealisatie, EscaleerRisico, LegVerantwoordingAf, WijzigRisicostatus
from service.commands.programme.mijlpalen import (
    MaakLokaleInstanties,
    PlanMijlpaal,
    VerplaatsLokaleMijlpaal,
    VerplaatsMijlpaal,
    VoegAfhankelijkheidToe,
)
from service.commands.programme.programma import StartProgramma
from service.demo.programme import seed_programme
from service.demo.seed import seed_regios
from service.runtime import Runtime

PB = Principal("pb-1", "PB", frozenset({"programmabureau"}))
BAARN = Principal("baarn-1", "B", frozenset({"gemeente"}), gemeente="GM0308")
PROG = "lokale-teams-amersfoort"
TODAY = dt.date(2022, 3, 1)


class CountingCursor(psycopg.AsyncCursor[Any]):
    statements = 0

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingCursor.statements += 1
        return await super().execute(*args, **kwargs)


async def read(runtime: Runtime, fn: Any, *args: Any, **kwargs: Any) -> Any:
    async with await psycopg.AsyncConnection.connect(runtime.database.url, autocommit=True) as conn:
        conn.cursor_factory = CountingCursor
        return await fn(conn, *args, **kwargs)


def position(runtime: Runtime) -> int:
    return runtime.app.recorder.max_notification_id() or 0


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    tables = [t for p in (ProgrammeProjection, MijlpaalProjection, BudgetProjection, RiskProjection) for t in p.tables]
    with psycopg.connect(url) as conn:
        for table in tables:
            query = sql.SQL("SELECT * FROM {} ORDER BY 1, 2, sys_from").format(sql.Identifier(table))
            rows[table] = [tuple(r) for r in conn.execute(query).fetchall()]
    return rows


@pytest.fixture
def seeded(sync_runtime: Runtime) -> Iterator[Runtime]:
    seed_regios(sync_runtime)
    seed_programme(sync_runtime)
    sync_runtime.projector().catch_up()
    yield sync_runtime


def plan(runtime: Runtime, titel: str, datum: dt.date, precisie: str = "kwartaal") -> Any:
    return runtime.commands.run(
        Envelope(principal=PB),
        PlanMijlpaal(
            titel=titel,
            soort="rapportage",
            eigenaar_soort="programma",
            eigenaar=PROG,
            datum=datum,
            precisie=precisie,
            omschrijving="",
        ),
    ).aggregate_id


async def test_the_demo_budget_totals_are_computed_from_the_lines_and_match_seed_002(seeded: Runtime) -> None:
    b = await read(seeded, bv.begroting, PB, "kgb-zhz", None, dt.date(2024, 1, 1))
    assert b.totaal == Decimal(1_110_000)
    assert [(j.jaar, j.bedrag) for j in b.totaal_per_jaar] == [(y, Decimal(370_000)) for y in (2023, 2024, 2025)]
    assert {r.code: r.totaal for r in b.regels} == {
        "programmamanager": Decimal(300_000),
        "ondersteuning": Decimal(180_000),
        "projectlijnen": Decimal(360_000),
        "facilitair": Decimal(30_000),
        "top3": Decimal(90_000),
        "monitoring": Decimal(150_000),
        "uitvoering": None,
    }
    assert b.pm_regels == ["uitvoering"]
    assert (b.versie, b.kader_totaal) == (1, Decimal(1_110_000))
    assert [h.te_laat for h in b.halfjaren[:2]] == [True, True]
    assert len(b.bronnen) == 3


async def test_the_demo_programme_has_its_phases_projects_and_eleven_risks(seeded: Runtime) -> None:
    prog = await read(seeded, pv.programma, PB, "kgb-zhz", None)
    assert [f.fase for f in prog.fasen] == ["initiatie", "definitie", "ontwerp", "realisatie"]
    assert [f.fase for f in prog.fasering] == ["initiatie", "definitie", "ontwerp", "realisatie", "nazorg"]
    nazorg = prog.fasering[-1]
    assert (nazorg.startdatum, nazorg.einddatum) == (None, None)
    assert (nazorg.geplande_start, nazorg.geplande_eind) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert all(f.geplande_start is not None for f in prog.fasering)
    assert prog.fasering[0].einddatum == dt.date(2023, 1, 31)
    assert len(prog.projecten) == 9
    assert prog.bestuurlijk_lead in prog.bestuurlijk and len(prog.bestuurlijk) == 3
    register = await read(seeded, rv.risicoregister, PB, "kgb-zhz", None, page_request(50, None), None)
    assert [r.nummer for r in register.rows] == [f"R{i}" for i in range(1, 12)]


async def test_the_demo_planning_shows_the_reschedules_with_their_reasons(seeded: Runtime) -> None:
    page = await read(
        seeded, mv.mijlpalenplanning, PB, mv.PlanningFilter(programma=PROG), page_request(200, None), None, TODAY
    )
    by_title = {(r.titel, r.gemeente): r for r in page.rows}
    transformatie = by_title[("Transformatieplan lokale teams met ontwikkelprogramma medewerkers", "")]
    assert transformatie.baseline == dt.date(2022, 7, 1)
    assert transformatie.forecast == dt.date(2022, 11, 15)
    assert transformatie.status == "vertraagd" and len(transformatie.redenen) == 2
    assert by_title[("Vaststellen plan van aanpak in SSD", "")].status == "behaald"
    assert by_title[("Ontwikkelplan per lokaal team", "GM0308")].forecast == dt.date(2022, 7, 1)
    assert by_title[("Ontwikkelplan per lokaal team", "GM0307")].forecast == dt.date(2022, 4, 1)


async def test_the_planning_as_of_a_date_before_two_moves_shows_the_original_forecast(sync_runtime: Runtime) -> None:
    seed_regios(sync_runtime)
    p = sync_runtime.commands
    p.run(
        Envelope(principal=PB),
        StartProgramma(
            code=PROG,
            naam="P",
            regio="amersfoort",
            periode_start=dt.date(2021, 11, 1),
            periode_eind=dt.date(2023, 1, 1),
            doelen=[],
            opdrachtgevers=["GM0307", "GM0308"],
        ),
    )
    mid = plan(sync_runtime, "Rapportage 1", dt.date(2022, 4, 1))
    before = position(sync_runtime)
    p.run(
        Envelope(principal=PB),
        VerplaatsMijlpaal(
            mijlpaal=mid,
            naar=dt.date(2022, 7, 1),
            precisie="kwartaal",
            reden_categorie="capaciteit",
            reden="drukte",
            expected_version=1,
        ),
    )
    p.run(
        Envelope(principal=PB),
        VerplaatsMijlpaal(
            mijlpaal=mid,
            naar=dt.date(2022, 9, 15),
            precisie="dag",
            reden_categorie="inhoudelijk",
            reden="eerst de zelfscan",
            expected_version=2,
        ),
    )
    sync_runtime.projector().catch_up()
    f = mv.PlanningFilter(programma=PROG)
    then = await read(sync_runtime, mv.mijlpalenplanning, PB, f, page_request(10, None), before, TODAY)
    now = await read(sync_runtime, mv.mijlpalenplanning, PB, f, page_request(10, None), None, TODAY)
    assert (then.rows[0].forecast, then.rows[0].status, then.rows[0].redenen) == (dt.date(2022, 4, 1), "gepland", [])
    assert (now.rows[0].baseline, now.rows[0].forecast, now.rows[0].status) == (
        dt.date(2022, 4, 1),
        dt.date(2022, 9, 15),
        "vertraagd",
    )
    assert now.rows[0].slip_dagen == (dt.date(2022, 9, 15) - dt.date(2022, 6, 30)).days
    history = await read(sync_runtime, mv.verschuivingen, PB, mid, None, None)
    assert [(h.van, h.naar, h.reden) for h in history] == [
        (dt.date(2022, 4, 1), dt.date(2022, 7, 1), "drukte"),
        (dt.date(2022, 7, 1), dt.date(2022, 9, 15), "eerst de zelfscan"),
    ]


async def test_a_gemeente_moves_its_own_instance_and_a_dependency_warning_appears(seeded: Runtime) -> None:
    p = seeded.commands
    zelfscan = plan(seeded, "Zelfscan", dt.date(2022, 4, 1))
    plan_id = plan(seeded, "Ontwikkelplan", dt.date(2022, 7, 1))
    p.run(Envelope(principal=PB), VoegAfhankelijkheidToe(mijlpaal=plan_id, voorganger=zelfscan))
    p.run(Envelope(principal=PB), MaakLokaleInstanties(mijlpaal=zelfscan, gemeenten=["GM0307", "GM0308"]))
    p.run(
        Envelope(principal=BAARN),
        VerplaatsLokaleMijlpaal(
            mijlpaal=zelfscan,
            gemeente="GM0308",
            naar=dt.date(2022, 8, 1),
            precisie="maand",
            reden_categorie="lokaal_tempo",
            reden="team nog niet op sterkte",
        ),
    )
    seeded.projector().catch_up()
    rows = await read(seeded, mv.mijlpaal_rijen, BAARN, zelfscan, None, TODAY)
    assert [(r.gemeente, r.forecast) for r in rows] == [
        ("", dt.date(2022, 4, 1)),
        ("GM0307", dt.date(2022, 4, 1)),
        ("GM0308", dt.date(2022, 8, 1)),
    ]
    f = mv.PlanningFilter(programma=PROG, statussen=["gepland"])
    page = await read(seeded, mv.mijlpalenplanning, PB, f, page_request(200, None), None, TODAY)
    ontwikkelplan = next(r for r in page.rows if r.mijlpaal_id == plan_id)
    assert ontwikkelplan.waarschuwingen == []
    p.run(
        Envelope(principal=PB),
        VerplaatsMijlpaal(
            mijlpaal=zelfscan, naar=dt.date(2022, 9, 1), precisie="maand", reden_categorie="capaciteit", reden="later"
        ),
    )
    seeded.projector().catch_up()
    page = await read(seeded, mv.mijlpalenplanning, PB, f, page_request(200, None), None, TODAY)
    assert next(r for r in page.rows if r.mijlpaal_id == plan_id).waarschuwingen == [
        "start vóór het einde van voorganger Zelfscan"
    ]


async def test_the_planning_of_500_milestones_is_one_query_and_so_is_the_lookup_by_owners(seeded: Runtime) -> None:
    with command_context(CommandMeta(actor_id="pb-1")):
        many = [
            Mijlpaal.plan(
                titel=f"M{i}",
                soort="overig",
                eigenaar_soort="ontwikkelpunt",
                eigenaar_id=f"op-{i % 50}",
                programma=PROG,
                project=None,
                datum=dt.date(2022, 1, 1) + dt.timedelta(days=i),
                precisie="dag",
            )
            for i in range(500)
        ]
        instances = [MijlpaalInstantie.maak(m, "GM0307") for m in many[:100]]
        seeded.app.save(*many, *instances)
    seeded.projector().catch_up()
    CountingCursor.statements = 0
    f = mv.PlanningFilter(programma=PROG)
    page = await read(seeded, mv.mijlpalenplanning, PB, f, page_request(200, None), None, TODAY)
    assert (len(page.rows), page.has_next, CountingCursor.statements) == (200, True, 1)
    CountingCursor.statements = 0
    rows = await read(seeded, mv.mijlpalen_voor_eigenaren, [f"op-{i}" for i in range(50)], None)
    assert (len(rows), CountingCursor.statements) == (600, 1)


def test_every_programme_view_equals_a_full_rebuild(seeded: Runtime) -> None:
    p = seeded.commands
    p.run(
        Envelope(principal=PB, toelichting="besproken"),
        WijzigRisicostatus(programma="kgb-zhz", nummer="R9", status="beheerst"),
    )
    p.run(
        Envelope(principal=PB),
        EscaleerRisico(programma="kgb-zhz", nummer="R7", naar="klankbordgroep", reden="tuchtrecht remt"),
    )
    p.run(
        Envelope(principal=PB),
        BoekRealisatie(programma="kgb-zhz", regel="monitoring", halfjaar="2023-H1", bedrag=Decimal("12500.00")),
    )
    p.run(
        Envelope(principal=PB),
        LegVerantwoordingAf(
            programma="kgb-zhz",
            halfjaar="2023-H1",
            datum=dt.date(2023, 9, 1),
            aan="bestuurlijk overleg",
            omschrijving="",
        ),
    )
    projector = seeded.projector()
    projector.catch_up()
    incremental = snapshot(seeded.database.url)
    assert len(incremental["mijlpaal_verplaatsing_view"]) == 5
    projector.reset()
    projector.catch_up()
    assert snapshot(seeded.database.url) == incremental


async def test_the_planning_view_measures_slip_by_the_baseline_period_and_counts_an_overdue_milestone_as_slipping(
    sync_runtime: Runtime,
) -> None:
    seed_regios(sync_runtime)
    p = sync_runtime.commands
    p.run(
        Envelope(principal=PB),
        StartProgramma(
            code=PROG,
            naam="P",
            regio="amersfoort",
            periode_start=dt.date(2021, 11, 1),
            periode_eind=dt.date(2023, 1, 1),
            doelen=[],
            opdrachtgevers=["GM0307"],
        ),
    )
    q4 = plan(sync_runtime, "Eindrapportage", dt.date(2022, 10, 1))
    plan(sync_runtime, "Q1 open", dt.date(2022, 1, 1))
    p.run(
        Envelope(principal=PB),
        VerplaatsMijlpaal(
            mijlpaal=q4,
            naar=dt.date(2022, 12, 15),
            precisie="dag",
            reden_categorie="inhoudelijk",
            reden="precieze datum bekend",
            expected_version=1,
        ),
    )
    sync_runtime.projector().catch_up()
    f = mv.PlanningFilter(programma=PROG)
    page = await read(sync_runtime, mv.mijlpalenplanning, PB, f, page_request(10, None), None, dt.date(2022, 4, 10))
    rows = {r.titel: r for r in page.rows}
    assert (rows["Eindrapportage"].slip_dagen, rows["Eindrapportage"].status) == (0, "gepland")
    assert (rows["Q1 open"].slip_dagen, rows["Q1 open"].status) == (10, "vertraagd")
    history = await read(sync_runtime, mv.verschuivingen, PB, q4, None, None)
    assert [h.slip_dagen for h in history] == [0]


async def test_the_demo_planning_has_seed_003s_activities_over_quarters_as_bars(seeded: Runtime) -> None:
    page = await read(
        seeded, mv.mijlpalenplanning, PB, mv.PlanningFilter(programma=PROG), page_request(200, None), None, TODAY
    )
    bars = {r.titel: r for r in page.rows if r.gemeente == "" and r.vorm == "activiteit"}
    assert len(bars) == 10
    leren = bars["Samen leren dmv procesevaluatie"]
    assert (leren.start, leren.forecast_eind) == (dt.date(2022, 4, 1), dt.date(2022, 12, 31))
    monitoren = bars["Monitoren / bijsturen transformatieopgave"]
    assert (monitoren.start, monitoren.baseline, monitoren.start_precisie) == (
        dt.date(2022, 4, 1),
        dt.date(2022, 10, 1),
        "kwartaal",
    )
    uitvoeren = bars["Uitvoeren ontwikkelplannen en trainingen"]
    assert (uitvoeren.start, uitvoeren.forecast) == (dt.date(2022, 7, 1), dt.date(2022, 10, 1))
    for titel in (
        "Vervolg werksessies klantreizen",
        "Analyse en globaal beeld benodigde omvang en expertise teams",
        "Samenwerkingsafspraken SAVE - lokale teams hernieuwen",
        "Nadere definiëring eigen begeleiding",
    ):
        assert titel in bars
    points = [r for r in page.rows if r.gemeente == "" and r.vorm == "mijlpaal"]
    assert all(r.start is None for r in points) and len(points) == 18
    cells = sum(((r.forecast.month - r.start.month) // 3 + 1) for r in bars.values() if r.start)
    assert cells == 21  # 13 quarter cells and the two arrows over the year (4 each)

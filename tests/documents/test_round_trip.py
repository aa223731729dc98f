"""Export → import round trips on the demo plans, edits that become ordinary
events, conflicts and bad rows that change nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelpunt import LegUitvoerderVast
from service.demo.plans import load_demo_plans
from service.documents.export_docx import export_docx
from service.documents.export_xlsx import FIRST_ROW, SHEET, export_xlsx
from service.documents.importer import import_plan
from service.documents.reading import context_for, read_plan
from service.runtime import Runtime
from tests.documents.conftest import AMERSFOORT, PB


async def export(runtime: Runtime, gemeente: str, kind: str, principal: Principal = PB) -> bytes:
    plan = await read_plan(context_for(runtime, principal), gemeente, None)
    assert plan is not None
    return export_xlsx(plan) if kind == "xlsx" else export_docx(plan)


def events_after(runtime: Runtime, position: int) -> list[Any]:
    notifications = runtime.app.recorder.select_notifications(position + 1, 10_000)
    return [runtime.app.mapper.to_domain_event(n) for n in notifications]


def column(ws: Any, label: str) -> int:
    return int(next(c.column for c in ws[3] if c.value == label))


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
async def test_every_demo_plan_exported_and_imported_back_changes_nothing(demo: Runtime, kind: str) -> None:
    ctx = context_for(demo, PB)
    head = await demo.log_head()
    gemeenten = [p["gemeente"] for p in load_demo_plans()["plannen"]]
    assert len(gemeenten) == 7
    for gemeente in gemeenten:
        data = await export(demo, gemeente, kind)
        rapport = await import_plan(ctx, data, f"{gemeente}.{kind}", gemeente, dry_run=False)
        assert rapport.ok, rapport.tekst()
        assert rapport.wijzigingen == [], rapport.tekst()
        assert rapport.punten > 0 and rapport.ongewijzigd == rapport.punten
    assert await demo.log_head() == head


async def test_three_edited_cells_become_exactly_three_ordinary_events_naming_the_file(demo: Runtime) -> None:
    data = await export(demo, "GM0307", "xlsx", AMERSFOORT)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    uitvoerder, planning, stand = (
        column(ws, lab) for lab in ("Wie gaat de actie uitvoeren?", "Planning", "Stand van zaken dd. ...")
    )
    ws.cell(row=FIRST_ROW, column=uitvoerder, value="Teamleider lokaal team Noord")
    ws.cell(row=FIRST_ROW + 1, column=planning, value="Start: 01-03-2025\nGereed: 31-12-2026 (dag)")
    old = ws.cell(row=FIRST_ROW + 2, column=stand).value
    ws.cell(row=FIRST_ROW + 2, column=stand, value=f"{old}\ndd. 01-11-2026 (op koers): Besproken in de werkgroep.")
    out = io.BytesIO()
    wb.save(out)
    edited = out.getvalue()
    ctx = context_for(demo, AMERSFOORT)
    head = await demo.log_head()

    proef = await import_plan(ctx, edited, "amersfoort-bewerkt.xlsx", "GM0307", dry_run=True)
    assert proef.ok and len(proef.wijzigingen) == 3, proef.tekst()
    assert {w.locatie.rij for w in proef.wijzigingen if w.locatie} == {FIRST_ROW, FIRST_ROW + 1, FIRST_ROW + 2}
    assert await demo.log_head() == head

    rapport = await import_plan(ctx, edited, "amersfoort-bewerkt.xlsx", "GM0307", dry_run=False)
    assert rapport.toegepast and len(rapport.wijzigingen) == 3, rapport.tekst()
    events = [e for e in events_after(demo, head) if type(e).__qualname__.startswith("Ontwikkelpunt.")]
    assert sorted(type(e).__qualname__ for e in events) == [
        "Ontwikkelpunt.PlanningAangepast",
        "Ontwikkelpunt.StandVanZakenBijgewerkt",
        "Ontwikkelpunt.UitvoerderVastgelegd",
    ]
    assert all("amersfoort-bewerkt.xlsx" in (e.toelichting or "") for e in events)
    assert all(e.actor_id == AMERSFOORT.actor_id for e in events)

    again = await import_plan(ctx, edited, "amersfoort-bewerkt.xlsx", "GM0307", dry_run=False)
    assert again.ok and again.wijzigingen == [], again.tekst()
    assert await demo.log_head() == rapport.positie


async def test_a_point_changed_after_the_export_is_a_conflict_and_nothing_is_saved(demo: Runtime) -> None:
    data = await export(demo, "GM0307", "xlsx", AMERSFOORT)
    ctx = context_for(demo, AMERSFOORT)
    plan = await read_plan(ctx, "GM0307", None)
    assert plan is not None
    first = next(p for p in plan.punten if p.soort == "lokaal" and p.status != "afgerond")
    assert first.id is not None
    demo.commands.run(Envelope(principal=AMERSFOORT), LegUitvoerderVast(punt=first.id, uitvoerder="Iemand anders"))
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    row = next(
        r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(row=r, column=column(ws, "id")).value == str(first.id)
    )
    ws.cell(row=row, column=column(ws, "Anders leren doen"), value="Nieuwe werkwijze uit de export")
    ws.cell(row=FIRST_ROW + 3, column=column(ws, "Wie gaat de actie uitvoeren?"), value="Een andere uitvoerder")
    out = io.BytesIO()
    wb.save(out)
    head = await demo.log_head()
    rapport = await import_plan(ctx, out.getvalue(), "conflict.xlsx", "GM0307", dry_run=False)
    assert not rapport.ok and not rapport.toegepast
    conflicts = [m for m in rapport.meldingen if m.soort == "conflict"]
    assert len(conflicts) == 1 and conflicts[0].locatie is not None and conflicts[0].locatie.rij == row
    assert await demo.log_head() == head


async def test_a_workbook_with_one_bad_row_imports_nothing_and_names_the_row(demo: Runtime) -> None:
    data = await export(demo, "GM0307", "xlsx", AMERSFOORT)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    ws.cell(row=FIRST_ROW, column=column(ws, "Wie gaat de actie uitvoeren?"), value="Een nieuwe uitvoerder")
    bad = FIRST_ROW + 4
    ws.cell(row=bad, column=column(ws, "Planning"), value="Gereed: ooit een keer")
    out = io.BytesIO()
    wb.save(out)
    head = await demo.log_head()
    rapport = await import_plan(context_for(demo, AMERSFOORT), out.getvalue(), "fout.xlsx", "GM0307", dry_run=False)
    assert not rapport.toegepast
    assert [(m.locatie.blad, m.locatie.rij, m.locatie.kolom) for m in rapport.fouten if m.locatie] == [
        (SHEET, bad, "Planning")
    ], rapport.tekst()
    assert "NIET geïmporteerd" in rapport.samenvatting()
    assert await demo.log_head() == head


def _new_row(ws: Any, basisfunctie: str, thema: str) -> int:
    """A hand-filled row under the exported ones: only the place and the goal."""
    row = int(ws.max_row) + 1
    ws.cell(row=row, column=column(ws, "Basisfunctie"), value=basisfunctie or None)
    ws.cell(row=row, column=column(ws, "Thema"), value=thema)
    ontwikkelpunt = next(c.column for c in ws[3] if str(c.value or "").lower().startswith("ontwikkelpunt"))
    ws.cell(row=row, column=int(ontwikkelpunt), value="Wij maken met de scholen afspraken over signalen.")
    return row


async def test_a_hand_filled_row_naming_only_a_thema_gets_the_basisfunctie_the_thema_implies(demo: Runtime) -> None:
    data = await export(demo, "GM0307", "xlsx", AMERSFOORT)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    _new_row(ws, "", "BF2-1")
    _new_row(ws, "", "BF3-2")  # a quickscan thema: written in the table BF3
    out = io.BytesIO()
    wb.save(out)
    ctx = context_for(demo, AMERSFOORT)
    rapport = await import_plan(ctx, out.getvalue(), "handwerk.xlsx", "GM0307", dry_run=False)
    assert rapport.toegepast and rapport.nieuw == 2, rapport.tekst()
    plan = await read_plan(ctx, "GM0307", None)
    assert plan is not None
    nieuw = sorted((p.basisfunctie, p.thema) for p in plan.punten if p.doel.startswith("Wij maken met de scholen"))
    assert nieuw == [(2, "BF2-1"), (3, "BF3")]


async def test_a_basisfunctie_that_contradicts_the_thema_is_a_problem_in_both_cells_of_the_dry_run(
    demo: Runtime,
) -> None:
    data = await export(demo, "GM0307", "xlsx", AMERSFOORT)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    row = _new_row(ws, "1. Veiligheid", "BF2-1")
    out = io.BytesIO()
    wb.save(out)
    head = await demo.log_head()
    rapport = await import_plan(context_for(demo, AMERSFOORT), out.getvalue(), "fout.xlsx", "GM0307", dry_run=True)
    assert not rapport.ok
    cells = sorted((m.locatie.blad, m.locatie.rij, m.locatie.kolom) for m in rapport.fouten if m.locatie)
    assert cells == [(SHEET, row, "Basisfunctie"), (SHEET, row, "Thema")], rapport.tekst()
    assert any("thema BF2-1 hoort bij basisfunctie 2, niet 1" in m.tekst for m in rapport.fouten), rapport.tekst()
    assert await demo.log_head() == head

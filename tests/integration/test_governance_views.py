"""The governance views on a real PostgreSQL: the ZHZ demo (seed 002), the
besluitenlijst with filters and gemeente scope, the mandate matrix as of an
earlier date, cadence flags, the agenda pack, effects traced both ways, and a
full rebuild that reproduces every view row for row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from domain.besluit import besluit_id
from domain.gremium import gremium_id
from domain.overleg import overleg_id
from domain.principal import Principal
from projections.governance import agenda, gremia, overleg
from projections.governance import besluit_effecten as effecten
from projections.governance import besluitenlijst as lijst
from projections.governance.besluit import BesluitProjection
from projections.governance.besluit_effecten import BesluitEffectenProjection
from projections.governance.gremia import GremiumProjection
from projections.governance.overleg import OverlegProjection
from projections.paging import PageRequest
from projections.woo import WooProjection
from service.commands.base import Envelope
from service.commands.governance.besluit import (
    AgendeerBesluit,
    CorrigeerBesluit,
    NeemBesluit,
    StelBesluitVoor,
    WijzigWooStatus,
)
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.runtime import Runtime

PB = Principal("pb-1", "PB", frozenset({"programmabureau"}))
TABLES = [
    t
    for p in (GremiumProjection, OverlegProjection, BesluitProjection, BesluitEffectenProjection, WooProjection)
    for t in p.tables
]
KADER_BESLUIT = besluit_id("zhz", "ZHZ-BO-2022-04")
MERGE_BESLUIT = besluit_id("zhz", "ZHZ-PFO-2021-08")


@pytest.fixture
def seeded(sync_runtime: Runtime) -> Iterator[Runtime]:
    seed_regios(sync_runtime)
    seed_governance(sync_runtime)
    sync_runtime.projector().catch_up()
    yield sync_runtime


def scenario(runtime: Runtime) -> None:
    """After the demo: a local besluit for Dordrecht, escalated; a correction; a withheld besluit."""
    gov, cmd = runtime.commands, Envelope(principal=PB, toelichting="scenario")
    gov.run(
        cmd,
        StelBesluitVoor(
            regio="zhz",
            kenmerk="ZHZ-AO-2022-09",
            onderwerp="Extra budget lokaal actieteam Dordrecht",
            gremium="zhz-ao",
            beslispunten=["€20.000 extra"],
            kader_financieel=True,
            betreft_gemeenten=["GM0505"],
            koppelingen=[{"soort": "begrotingsregel", "id": "zhz-begroting-uitvoering"}],
        ),
    )
    local = besluit_id("zhz", "ZHZ-AO-2022-09")
    gov.run(cmd, AgendeerBesluit(besluit=local, overleg=overleg_id("zhz-ao", dt.date(2022, 11, 24))))
    gov.run(cmd, NeemBesluit(besluit=local, datum=None, uitkomsten={}, doorleiden=True))
    gov.run(
        cmd, CorrigeerBesluit(besluit=KADER_BESLUIT, correctie_van=11, reden="typefout", onderwerp="Kader lokale teams")
    )
    gov.run(
        cmd, WijzigWooStatus(besluit=MERGE_BESLUIT, status="niet_openbaar", datum=None, grond="intern beraad (demo)")
    )


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with psycopg.connect(url) as conn:
        for table in TABLES:
            query = sql.SQL("SELECT * FROM {} ORDER BY 1, 2, 3, sys_from").format(sql.Identifier(table))
            rows[table] = [tuple(r) for r in conn.execute(query).fetchall()]
    return rows


async def read(runtime: Runtime, fn: Any, *args: Any, **kwargs: Any) -> Any:
    async with await psycopg.AsyncConnection.connect(runtime.database.url, autocommit=True) as conn:
        return await fn(conn, *args, **kwargs)


def test_every_governance_view_equals_a_full_rebuild_after_demo_data_and_a_scenario(seeded: Runtime) -> None:
    scenario(seeded)
    projector = seeded.projector()
    projector.catch_up()
    incremental = snapshot(seeded.database.url)
    assert len(incremental["gremium_view"]) > 25
    assert len(incremental["besluit_effect_view"]) >= 9
    assert {r[0] for r in incremental["woo_publicatie_view"]} == {KADER_BESLUIT}  # corrected once: two versions
    projector.reset()
    assert snapshot(seeded.database.url)["besluit_view"] == []
    projector.catch_up()
    assert snapshot(seeded.database.url) == incremental


async def test_the_mandate_matrix_as_of_an_earlier_date_still_shows_the_old_rule(seeded: Runtime) -> None:
    def cell(cells: list[gremia.MatrixCel], body: str, soort: str) -> tuple[str, str]:
        c = next(c for c in cells if c.gremium == body and c.soort == soort)
        return c.bevoegdheid, c.regel

    versie_2021, in_2021 = await read(seeded, gremia.mandaatmatrix, "zhz", dt.date(2021, 12, 9), None)
    versie_2022, in_2022 = await read(seeded, gremia.mandaatmatrix, "zhz", dt.date(2022, 6, 1), None)
    assert (versie_2021, versie_2022) == (1, 2)
    assert cell(in_2021, "zhz-pfo", "kader_financieel") == ("besluit", "bestuurlijk-besluit")
    assert cell(in_2022, "zhz-pfo", "kader_financieel") == ("geen", "M2-alleen-bestuurlijk-overleg")
    assert cell(in_2022, "zhz-bo", "kader_financieel") == ("besluit", "M2-bestuurlijk-overleg-kaders")
    assert cell(in_2022, "zhz-ao", "binnen_kaders") == ("besluit", "M1-ambtelijk-binnen-kaders")
    assert cell(in_2022, "zhz-klankbordgroep", "binnen_kaders") == ("advies", "advies-adviseert")
    assert cell(in_2021, "zhz-sg-voit", "binnen_kaders")[0] == "besluit"
    assert cell(in_2022, "zhz-sg-voit", "binnen_kaders") == ("geen", "opgeheven-gremium")
    assert not [c for c in in_2021 if c.gremium == "zhz-bo"]


async def test_the_besluitenlijst_filters_by_body_period_kader_and_linked_object(seeded: Runtime) -> None:
    async def kenmerken(f: lijst.BesluitFilter, scope: str | None = None) -> list[str]:
        page = await read(seeded, lijst.besluitenlijst, scope, f, PageRequest(50, None), None)
        return [r.kenmerk for r in page.rows]

    scenario(seeded)
    seeded.projector().catch_up()
    assert await kenmerken(lijst.BesluitFilter(gremium="zhz-bo")) == ["ZHZ-AO-2022-09", "ZHZ-BO-2022-04"]
    assert await kenmerken(lijst.BesluitFilter(regio="zhz", van=dt.date(2022, 1, 1), status="genomen")) == [
        "ZHZ-BO-2022-04", "ZHZ-AO-2022-06",
    ]  # fmt: skip
    assert await kenmerken(lijst.BesluitFilter(kader="geen")) == ["ZHZ-AO-2022-06"]
    assert await kenmerken(lijst.BesluitFilter(object_id=str(gremium_id("zhz-sg-voit")))) == ["ZHZ-PFO-2021-08"]
    assert await kenmerken(lijst.BesluitFilter(object_id="zhz-begroting-uitvoering")) == ["ZHZ-AO-2022-09"]
    assert "ZHZ-AO-2022-09" in await kenmerken(lijst.BesluitFilter(), scope="GM0505")
    assert "ZHZ-AO-2022-09" not in await kenmerken(lijst.BesluitFilter(), scope="GM0482")
    assert len(await kenmerken(lijst.BesluitFilter(), scope="GM0482")) == 4
    # A gemeente in regio Amersfoort sees its own regio's besluit and nothing of ZHZ.
    assert await kenmerken(lijst.BesluitFilter(), scope="GM0307") == ["AMF-BOSD-2025-03"]


async def test_the_register_entry_keeps_adviezen_dissent_and_the_full_history(seeded: Runtime) -> None:
    scenario(seeded)
    seeded.projector().catch_up()
    adviezen = await read(seeded, lijst.onderdelen, lijst.AdviesRow, [KADER_BESLUIT], None)
    om = next(a for a in adviezen if a.adviseur == "Openbaar Ministerie")
    assert om.standpunt == "met_voorbehoud" and "eenvoudiger" in (om.toelichting or "")
    assert sum(a.standpunt == "positief" for a in adviezen) == 6
    historie = await read(seeded, lijst.onderdelen, lijst.HistorieRow, [KADER_BESLUIT], None)
    stappen = [h.stap for h in historie]
    assert stappen[0] == "Voorgesteld" and "Genomen" in stappen and stappen[-1] == "Gecorrigeerd"
    assert historie[-1].correctie_van == 11
    row = await read(seeded, lijst.besluit, None, KADER_BESLUIT, None)
    assert row.onderwerp == "Kader lokale teams" and row.mandaat_regel == "M2-bestuurlijk-overleg-kaders"
    escalated = await read(seeded, lijst.besluit, None, besluit_id("zhz", "ZHZ-AO-2022-09"), None)
    assert (escalated.status, escalated.gremium, escalated.doorgeleid_van) == ("doorgeleid", "zhz-bo", "zhz-ao")


async def test_the_calendar_flags_a_body_that_did_not_meet_within_its_cadence(seeded: Runtime) -> None:
    regels, meetings = await read(seeded, overleg.kalender, "zhz", dt.date(2022, 11, 1), None)
    by_code = {r.gremium: r for r in regels}
    assert by_code["zhz-ao"].buiten_cadans and by_code["zhz-ao"].dagen_sinds == 68
    assert not by_code["zhz-bo"].buiten_cadans
    assert by_code["zhz-bo"].overschrijdingen[0][2] == 103
    assert by_code["zhz-ao"].volgende == dt.date(2022, 11, 24)
    assert not by_code["zhz-klankbordgroep"].buiten_cadans
    assert not by_code["zhz-sg-voit"].buiten_cadans
    assert len(meetings) == 5


async def test_the_agenda_pack_shows_each_item_with_its_current_state(seeded: Runtime) -> None:
    punten = await read(seeded, agenda.agendapunten, overleg_id("zhz-bo", dt.date(2022, 10, 13)), None)
    assert [p.soort for p in punten] == ["onderwerp", "besluit"]
    assert punten[1].ref_id == str(KADER_BESLUIT) and punten[1].toestand == "genomen op 2022-10-13"
    rapporten = await read(seeded, agenda.rapportages, overleg_id("zhz-bo", dt.date(2022, 10, 13)), None)
    assert rapporten[0].door == "programmamanager"


async def test_effects_are_traced_from_the_besluit_and_from_the_object(seeded: Runtime) -> None:
    rows = await read(seeded, effecten.effecten_van_besluit, MERGE_BESLUIT, None)
    kinds = [r.event_type for r in rows]
    assert kinds.count("Gremium.Opgeheven") == 7
    assert kinds.count("Gremium.VoorgangersOpgenomen") == 2
    assert "Mandaatregeling.Gewijzigd" in kinds
    back = await read(seeded, effecten.besluiten_voor_object, gremium_id("zhz-sg-voit"), None)
    assert [(r.kenmerk, r.relatie, r.event_type) for r in back] == [("ZHZ-PFO-2021-08", "effect", "Gremium.Opgeheven")]

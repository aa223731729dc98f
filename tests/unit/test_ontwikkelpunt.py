"""The ontwikkelpunt aggregate in memory: given events, when a command, then
the events it records (or the error it raises, recording nothing)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from domain.base import CommandMeta, command_context
from domain.catalogue import CURRENT_VERSION, template
from domain.errors import InvalidTransition, ValidationFailed
from domain.ontwikkelplan import Ontwikkelplan
from domain.ontwikkelpunt import Deelstap, Kolommen, Ontwikkelpunt
from domain.plan_values import Kosten, Planning, Stand
from domain.regionaal import LokaleVoortgang, RegionaalOntwikkelpunt

TODAY = dt.date(2025, 6, 1)


def given(kolommen: Kolommen | None = None) -> Ontwikkelpunt:
    punt = Ontwikkelpunt.voeg_toe(
        id=uuid.uuid4(),
        plan_id=uuid.uuid4(),
        gemeente="GM0307",
        periode="2025-2027",
        template_versie=CURRENT_VERSION,
        basisfunctie=1,
        thema="BF1-06",
        doel="Zicht op veiligheid organiseren",
        zelfscan_link="Zelfscan thema 6",
        kolommen=kolommen or Kolommen(),
        vandaag=TODAY,
    )
    punt.collect_events()
    return punt


def names(punt: Ontwikkelpunt) -> list[str]:
    return [type(e).__name__ for e in punt.collect_events()]


def test_the_template_has_five_basisfuncties_24_tables_and_eight_columns() -> None:
    t = template()
    assert [b.nummer for b in t.basisfuncties] == [1, 2, 3, 4, 5]
    assert len(t.tabellen) == 24
    assert [len(b.themas) for b in t.basisfuncties] == [11, 3, 5, 5, 4]
    assert t.tabel("BF3") is not None and len(t.tabel("BF3").themas) == 5  # type: ignore[union-attr]
    assert [k.code for k in t.kolommen][-1] == "stand_van_zaken"
    assert t.kolommen[6].instructie == "Zo concreet mogelijk, niet alleen een jaartal of kwartaal."


def test_adding_a_point_with_all_columns_records_one_event_per_column() -> None:
    kolommen = Kolommen(
        beoogd_resultaat="Elk gezin een veiligheidsplan",
        indicatoren=["% binnen 4 weken"],
        anders_leren_doen="Intervisie",
        verbeteractie="Werkwijze vastleggen",
        deelstappen=[Deelstap("Inventariseren"), Deelstap("Kiezen")],
        kosten=Kosten(Decimal("1200.50"), "Training", "Ontwikkelbudget", 2025),
        uitvoerder="Teamleider",
        planning=Planning(dt.date(2025, 9, 1), "dag"),
        stand=Stand(dt.date(2025, 3, 1), "Nulmeting", "aandacht_nodig"),
    )
    punt = Ontwikkelpunt.voeg_toe(
        id=uuid.uuid4(),
        plan_id=uuid.uuid4(),
        gemeente="GM0307",
        periode="2025-2027",
        template_versie=CURRENT_VERSION,
        basisfunctie=1,
        thema="BF1-06",
        doel="Doel",
        zelfscan_link=None,
        kolommen=kolommen,
        vandaag=TODAY,
    )
    assert names(punt) == [
        "Toegevoegd",
        "BeoogdResultaatVastgelegd",
        "AndersLerenDoenVastgelegd",
        "VerbeteractieOmschreven",
        "DeelstapToegevoegd",
        "DeelstapToegevoegd",
        "KostenVastgelegd",
        "UitvoerderVastgelegd",
        "PlanningVastgelegd",
        "StandVanZakenBijgewerkt",
    ]


def test_invalid_input_reports_every_problem_at_once_and_records_nothing() -> None:
    kolommen = Kolommen(
        kosten=Kosten(Decimal("-1"), begrotingsjaar=1900),
        planning=Planning(dt.date(2025, 1, 1), "eeuw"),
        stand=Stand(dt.date(2030, 1, 1), " ", "goed"),
    )
    with pytest.raises(ValidationFailed) as failed:
        Ontwikkelpunt.voeg_toe(
            id=uuid.uuid4(),
            plan_id=uuid.uuid4(),
            gemeente="GM0307",
            periode="2025-2027",
            template_versie=CURRENT_VERSION,
            basisfunctie=2,
            thema="BF1-06",
            doel="",
            zelfscan_link=None,
            kolommen=kolommen,
            vandaag=TODAY,
        )
    fields = {p.field for p in failed.value.problems}
    assert {"basisfunctie", "doel", "kosten.bedrag", "kosten.begrotingsjaar", "planning.precisie"} <= fields
    assert {"standVanZaken.peildatum", "standVanZaken.tekst", "standVanZaken.signaal"} <= fields


def test_deelstappen_are_added_reworded_reordered_and_completed() -> None:
    punt = given()
    first = punt.voeg_deelstap_toe("Inventariseren", dt.date(2025, 7, 1))
    second = punt.voeg_deelstap_toe("Kiezen", None)
    punt.herformuleer_deelstap(first, "Huidige instrumenten inventariseren")
    punt.herorden_deelstappen([second, first])
    punt.rond_deelstap_af(first, dt.date(2025, 5, 1), TODAY)
    assert names(punt) == [
        "DeelstapToegevoegd",
        "DeelstapToegevoegd",
        "DeelstapHerformuleerd",
        "DeelstappenHerordend",
        "DeelstapAfgerond",
    ]
    assert punt.volgorde == ["d2", "d1"]


def test_a_reorder_must_name_every_deelstap_exactly_once() -> None:
    punt = given()
    punt.voeg_deelstap_toe("A", None)
    punt.voeg_deelstap_toe("B", None)
    punt.collect_events()
    with pytest.raises(ValidationFailed):
        punt.herorden_deelstappen(["d1", "d1"])
    assert names(punt) == []


def test_the_first_stand_van_zaken_is_the_baseline_and_carries_the_author() -> None:
    punt = given()
    with command_context(CommandMeta(actor_id="official-amersfoort-beleid-1")):
        punt.werk_stand_bij(Stand(dt.date(2025, 3, 1), "Nulmeting", "op_koers"), TODAY)
        punt.werk_stand_bij(Stand(dt.date(2025, 5, 1), "Verder", "achter"), TODAY)
    events = punt.collect_events()
    assert [(e.volgnummer, e.baseline, e.auteur) for e in events] == [  # type: ignore[attr-defined]
        (1, True, "official-amersfoort-beleid-1"),
        (2, False, "official-amersfoort-beleid-1"),
    ]


def test_the_first_planning_is_laid_down_and_later_ones_are_adjustments_with_a_reason() -> None:
    punt = given()
    punt.leg_planning_vast(Planning(dt.date(2025, 9, 1), "maand"))
    with command_context(CommandMeta(actor_id="x", toelichting="capaciteit")):
        punt.leg_planning_vast(Planning(dt.date(2025, 12, 1), "dag"))
    events = punt.collect_events()
    assert [type(e).__name__ for e in events] == ["PlanningVastgelegd", "PlanningAangepast"]
    assert events[1].toelichting == "capaciteit"  # type: ignore[attr-defined]


def test_kosten_are_decimal_euros_with_dekking_and_begrotingsjaar() -> None:
    punt = given()
    punt.leg_kosten_vast(Kosten(Decimal("15000.00"), "Training", "Ontwikkelbudget", 2026))
    event = punt.collect_events()[0]
    assert event.bedrag == Decimal("15000.00") and event.begrotingsjaar == 2026  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed):
        punt.leg_kosten_vast(Kosten(Decimal("1.001")))


def test_the_lifecycle_runs_concept_vastgesteld_in_uitvoering_afgerond() -> None:
    punt = given(Kolommen(beoogd_resultaat="R", planning=Planning(dt.date(2025, 9, 1), "dag")))
    for status in ("vastgesteld", "in_uitvoering", "afgerond"):
        punt.wijzig_status(status)
    assert names(punt) == ["Vastgesteld", "InUitvoeringGenomen", "Afgerond"]
    with pytest.raises(InvalidTransition):
        punt.leg_uitvoerder_vast("Iemand")
    with pytest.raises(InvalidTransition):
        punt.wijzig_status("vervallen")


def test_a_point_cannot_be_vastgesteld_without_result_and_planning() -> None:
    punt = given()
    with pytest.raises(ValidationFailed) as failed:
        punt.wijzig_status("vastgesteld")
    assert {p.field for p in failed.value.problems} == {"beoogdResultaat", "planning"}
    with pytest.raises(InvalidTransition):
        punt.wijzig_status("afgerond")


def test_a_plan_pins_its_template_version_and_stores_officials_as_ids() -> None:
    plan = Ontwikkelplan.maak("GM0307", "Amersfoort", "amersfoort", "2025-2027")
    assert plan.template_versie == CURRENT_VERSION
    plan.wijzig_kop(None, ["official-amersfoort-wethouder-1"], ["official-amersfoort-beleid-1"], None)
    with pytest.raises(ValidationFailed):
        plan.wijzig_kop(None, ["Jan de Vries"], None, None)
    plan.stel_vast(dt.date(2025, 4, 1))
    assert [type(e).__name__ for e in plan.collect_events()] == [
        "Aangemaakt",
        "VerantwoordelijkenVastgelegd",
        "Vastgesteld",
    ]


def test_local_progress_on_a_regional_point_has_its_own_baseline() -> None:
    regionaal = RegionaalOntwikkelpunt.stel_vast(
        id=uuid.uuid4(),
        regio="amersfoort",
        basisfunctie=1,
        thema="BF1-08",
        doel="Scholing",
        beoogd_resultaat="R",
        indicatoren=[],
    )
    voortgang = LokaleVoortgang(punt_id=regionaal.id, regio="amersfoort", gemeente="GM0307")
    voortgang.werk_bij(Stand(dt.date(2025, 5, 1), "Gestart", "op_koers"), "Teamleider", None, TODAY)
    events = voortgang.collect_events()
    assert [type(e).__name__ for e in events] == ["Gestart", "UitvoerderVastgelegd", "StandVanZakenBijgewerkt"]
    assert events[-1].baseline is True  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed):
        voortgang.werk_bij(None, None, None, TODAY)

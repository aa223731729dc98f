"""Milestones in memory: baseline, forecast, slip, status, instances, dependencies."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.base import CommandMeta, command_context
from domain.errors import InvalidTransition, ValidationFailed
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie, instantie_id
from domain.planning import periode_eind


def _mijlpaal(datum: dt.date = dt.date(2022, 4, 1), precisie: str = "kwartaal", titel: str = "Rapportage") -> Mijlpaal:
    return Mijlpaal.plan(
        titel=titel,
        soort="rapportage",
        eigenaar_soort="programma",
        eigenaar_id="p",
        programma="p",
        project=None,
        datum=datum,
        precisie=precisie,
    )


def test_a_planned_date_is_kept_as_its_period_with_the_period_end_as_the_promise() -> None:
    m = _mijlpaal(dt.date(2022, 5, 17), "kwartaal")
    assert (m.baseline, m.baseline_eind) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    assert periode_eind(dt.date(2022, 2, 3), "maand") == dt.date(2022, 2, 28)
    assert periode_eind(dt.date(2022, 2, 3), "jaar") == dt.date(2022, 12, 31)


def test_rescheduling_twice_keeps_the_baseline_records_both_moves_and_marks_it_vertraagd() -> None:
    m = _mijlpaal()
    assert m.status(dt.date(2022, 3, 1)) == "gepland"
    m.verplaats(dt.date(2022, 7, 15), "dag", "capaciteit", "te weinig mensen")
    m.verplaats(dt.date(2022, 9, 1), "maand", "afhankelijkheid", "wacht op zelfscan")
    assert m.baseline == dt.date(2022, 4, 1)
    assert [(v.van, v.naar, v.reden) for v in m.verplaatsingen] == [
        (dt.date(2022, 4, 1), dt.date(2022, 7, 15), "te weinig mensen"),
        (dt.date(2022, 7, 15), dt.date(2022, 9, 1), "wacht op zelfscan"),
    ]
    assert m.status(dt.date(2022, 3, 1)) == "vertraagd"
    assert m.slip_dagen() == (dt.date(2022, 9, 30) - dt.date(2022, 6, 30)).days


def test_a_milestone_whose_period_passed_unmet_is_vertraagd_and_one_that_was_met_is_behaald() -> None:
    m = _mijlpaal()
    assert m.status(dt.date(2022, 7, 1)) == "vertraagd"
    m.behaal(dt.date(2022, 6, 20))
    assert m.status(dt.date(2022, 7, 1)) == "behaald"
    with pytest.raises(InvalidTransition):
        m.verplaats(dt.date(2022, 8, 1), "dag", "overig", "te laat")


def test_a_reschedule_needs_a_reason_and_a_besluit_when_the_category_says_so() -> None:
    m = _mijlpaal()
    with pytest.raises(ValidationFailed) as refused:
        m.verplaats(dt.date(2022, 8, 1), "week", "besluit", " ")
    assert {p.field for p in refused.value.problems} == {"naarPrecisie", "reden", "besluitId"}
    with command_context(CommandMeta(actor_id="pb", besluit_id="b-1")):
        m.verplaats(dt.date(2022, 8, 1), "dag", "besluit", "het bestuurlijk overleg stelde uit", besluit_id="b-1")
    last = m.collect_events()[-1]
    assert isinstance(last, Mijlpaal.Verplaatst) and last.besluit_id == "b-1"


def test_a_gemeente_instance_starts_from_the_regional_dates_and_moves_on_its_own() -> None:
    m = _mijlpaal()
    baarn = MijlpaalInstantie.maak(m, "GM0308")
    soest = MijlpaalInstantie.maak(m, "GM0342")
    assert baarn.id == instantie_id(m.id, "GM0308")
    baarn.verplaats(dt.date(2022, 10, 1), "kwartaal", "lokaal_tempo", "team nog niet zover")
    assert (baarn.forecast, soest.forecast, m.forecast) == (dt.date(2022, 10, 1), m.baseline, m.baseline)
    assert baarn.status(dt.date(2022, 5, 1)) == "vertraagd"
    assert soest.status(dt.date(2022, 5, 1)) == "gepland"


def test_a_dependency_warns_when_the_forecast_starts_before_its_predecessor_ends() -> None:
    eerst = _mijlpaal(dt.date(2022, 4, 1), "kwartaal", "Zelfscan")
    daarna = _mijlpaal(dt.date(2022, 7, 1), "maand", "Ontwikkelplan")
    daarna.voeg_afhankelijkheid_toe(eerst)
    assert not daarna.schendt_afhankelijkheid(eerst)
    eerst.verplaats(dt.date(2022, 8, 1), "maand", "capaciteit", "later")
    assert daarna.schendt_afhankelijkheid(eerst)
    with pytest.raises(ValidationFailed):
        eerst.voeg_afhankelijkheid_toe(daarna)


@pytest.mark.parametrize(
    ("baseline", "precisie", "naar", "naar_precisie", "slip"),
    [
        # inside the baseline's period: no slip, whatever the precision
        (dt.date(2022, 10, 1), "kwartaal", dt.date(2022, 12, 15), "dag", 0),
        (dt.date(2022, 1, 1), "jaar", dt.date(2022, 12, 1), "maand", 0),
        (dt.date(2022, 5, 1), "maand", dt.date(2022, 5, 31), "dag", 0),
        # later than the period: days past the period's end
        (dt.date(2022, 10, 1), "kwartaal", dt.date(2023, 1, 15), "dag", 15),
        (dt.date(2022, 5, 1), "maand", dt.date(2022, 6, 1), "maand", 30),
        (dt.date(2022, 1, 1), "jaar", dt.date(2023, 1, 1), "kwartaal", 90),
        (dt.date(2022, 3, 10), "dag", dt.date(2022, 3, 12), "dag", 2),
        (dt.date(2022, 12, 15), "dag", dt.date(2022, 10, 1), "kwartaal", 16),
        # earlier than the period: negative, days before the period's start
        (dt.date(2022, 10, 1), "kwartaal", dt.date(2022, 9, 20), "dag", -11),
        (dt.date(2022, 3, 10), "dag", dt.date(2022, 3, 1), "dag", -9),
    ],
)
def test_slip_is_measured_against_the_baseline_period_for_every_precision(
    baseline: dt.date, precisie: str, naar: dt.date, naar_precisie: str, slip: int
) -> None:
    m = _mijlpaal(baseline, precisie)
    m.verplaats(naar, naar_precisie, "inhoudelijk", "andere planning")
    before = dt.date(2021, 1, 1)
    assert m.slip_dagen(before) == slip
    assert m.status(before) == ("vertraagd" if slip > 0 else "gepland")


def test_a_move_later_within_the_quarter_is_never_a_negative_slip() -> None:
    m = _mijlpaal(dt.date(2022, 10, 1), "kwartaal")
    m.verplaats(dt.date(2022, 12, 15), "dag", "inhoudelijk", "precieze datum bekend")
    assert m.slip_dagen() == 0 and m.status(dt.date(2022, 11, 1)) == "gepland"


@pytest.mark.parametrize(
    ("datum", "precisie"),
    [
        (dt.date(2022, 3, 10), "dag"),
        (dt.date(2022, 3, 1), "maand"),
        (dt.date(2022, 1, 1), "kwartaal"),
        (dt.date(2022, 1, 1), "jaar"),
    ],
)
def test_overdue_and_vertraagd_agree_an_open_milestone_past_its_period_slips_to_the_peildatum(
    datum: dt.date, precisie: str
) -> None:
    m = _mijlpaal(datum, precisie)
    eind = periode_eind(datum, precisie)
    assert (m.status(eind), m.slip_dagen(eind)) == ("gepland", 0)
    na = eind + dt.timedelta(days=5)
    assert (m.status(na), m.slip_dagen(na)) == ("vertraagd", 5)
    m.behaal(eind)
    assert (m.status(na), m.slip_dagen(na)) == ("behaald", 0)


def test_a_forecast_moved_early_inside_the_period_that_passed_is_not_vertraagd_until_the_period_ends() -> None:
    m = _mijlpaal(dt.date(2022, 10, 1), "kwartaal")
    m.verplaats(dt.date(2022, 11, 15), "dag", "inhoudelijk", "precieze datum bekend")
    assert (m.status(dt.date(2022, 12, 1)), m.slip_dagen(dt.date(2022, 12, 1))) == ("gepland", 0)
    assert (m.status(dt.date(2023, 1, 2)), m.slip_dagen(dt.date(2023, 1, 2))) == ("vertraagd", 2)


def test_an_activity_runs_over_quarters_and_slips_by_its_last_quarter() -> None:
    a = Mijlpaal.plan(
        titel="Samen leren dmv procesevaluatie",
        soort="leerbijeenkomst",
        eigenaar_soort="programma",
        eigenaar_id="p",
        programma="p",
        project=None,
        datum=dt.date(2022, 11, 1),
        precisie="kwartaal",
        start=dt.date(2022, 5, 1),
        start_precisie="kwartaal",
    )
    assert (a.start, a.baseline, a.baseline_eind) == (dt.date(2022, 4, 1), dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert a.status(dt.date(2022, 6, 1)) == "gepland"
    a.verplaats(dt.date(2023, 1, 1), "maand", "capaciteit", "loopt een maand door")
    assert a.slip_dagen() == 31


def test_an_activity_cannot_end_before_it_starts_and_version_1_events_are_milestones() -> None:
    with pytest.raises(ValidationFailed):
        Mijlpaal.plan(
            titel="x",
            soort="overig",
            eigenaar_soort="programma",
            eigenaar_id="p",
            programma="p",
            project=None,
            datum=dt.date(2022, 1, 1),
            precisie="kwartaal",
            start=dt.date(2022, 7, 1),
            start_precisie="kwartaal",
        )
    state: dict[str, object] = {"titel": "oud"}
    Mijlpaal.Gepland.upcast_v1_v2(state)
    assert state == {"titel": "oud", "start": None, "start_precisie": None}
    assert _mijlpaal().start is None


def test_a_stored_version_1_gepland_event_without_start_is_read_back_as_a_point_milestone() -> None:
    from uuid import UUID

    from eventsourcing.application import Application
    from eventsourcing.persistence import JSONTranscoder, StoredEvent

    from service.store.eventstore import DateAsISO

    app: Application[UUID] = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    transcoder = app.mapper.transcoder
    assert isinstance(transcoder, JSONTranscoder)
    transcoder.register(DateAsISO())
    stored = app.mapper.to_stored_event(_mijlpaal().collect_events()[0])
    state = transcoder.decode(stored.state)
    for key in ("class_version", "start", "start_precisie"):  # as version 1 stored it
        state.pop(key, None)
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, transcoder.encode(state))
    event = app.mapper.to_domain_event(old)
    assert isinstance(event, Mijlpaal.Gepland)
    assert (event.start, event.start_precisie, event.titel) == (None, None, "Rapportage")

"""The besluit lifecycle in memory: given a proposal, when it is tabled and
taken, then the events say so; outside the mandate nothing happens."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import pytest

from domain.besluit import Besluit
from domain.errors import InvalidTransition, ValidationFailed
from domain.gremium import Gremium
from domain.mandaat import GremiumFeit, Mandaatregeling, MandateRefused
from domain.overleg import Overleg
from tests.unit.test_mandaat import AO, BO, KBG, ZHZ

D = dt.date(2022, 10, 13)


def never(_code: str, _datum: dt.date) -> bool:
    return False


def proposal(gremium: str = "zhz-bo", financieel: bool = False) -> Besluit:
    return Besluit.stel_voor(
        regio="zhz", kenmerk="ZHZ-1", onderwerp="Kader lokale teams", gremium=gremium,
        beslispunten=["Actualiseren kwaliteitskader", "Implementatieplan"], overwegingen=["TS is richtinggevend"],
        kader_financieel=financieel,
    )  # fmt: skip


def tabled(gremium: str = "zhz-bo", financieel: bool = False) -> Besluit:
    b = proposal(gremium, financieel)
    b.agendeer(uuid4(), gremium, D)
    return b


def regeling() -> Mandaatregeling:
    return Mandaatregeling.stel_vast("zhz", dt.date(2022, 1, 1), ZHZ)


def take(b: Besluit, feit: GremiumFeit, uitkomsten: dict[int, str] | None = None) -> None:
    b.neem(datum=None, uitkomsten=uitkomsten or {}, regeling=regeling(), gremium=feit, behandeld_door=never)


def test_a_besluit_goes_from_voorgesteld_via_geagendeerd_to_genomen_each_step_an_event() -> None:
    b = tabled()
    take(b, BO, {2: "geamendeerd"})
    events = b.collect_events()
    assert [type(e).__name__ for e in events] == ["Voorgesteld", "Geagendeerd", "Genomen"]
    genomen = events[-1]
    assert isinstance(genomen, Besluit.Genomen)
    assert genomen.datum == D
    assert genomen.uitkomsten == {"1": "aangenomen", "2": "geamendeerd"}
    assert genomen.mandaat_regel == "bestuurlijk-overleg-binnen-kaders"


def test_a_financial_kader_change_in_the_ambtelijk_overleg_is_refused_and_records_nothing() -> None:
    b = tabled("zhz-ao", financieel=True)
    b.collect_events()
    with pytest.raises(MandateRefused) as refused:
        take(b, AO)
    assert refused.value.rule == "M2-alleen-bestuurlijk-overleg"
    assert b.collect_events() == []
    assert b.status == "geagendeerd"


def test_an_advisory_body_cannot_take_a_besluit() -> None:
    with pytest.raises(MandateRefused) as refused:
        take(tabled("zhz-klankbordgroep"), KBG)
    assert refused.value.rule == "advies-adviseert"


def test_a_besluit_not_on_an_agenda_cannot_be_taken() -> None:
    with pytest.raises(InvalidTransition):
        take(proposal(), BO)


def test_an_escalated_besluit_moves_to_the_other_body_and_can_be_tabled_there() -> None:
    b = tabled("zhz-ao", financieel=True)
    b.leid_door("zhz-bo", "M2-alleen-bestuurlijk-overleg", "kaderwijziging")
    assert (b.status, b.gremium) == ("doorgeleid", "zhz-bo")
    b.agendeer(uuid4(), "zhz-bo", D)
    take(b, BO)
    assert b.status == "genomen"


def test_tabling_in_a_meeting_of_another_body_is_refused() -> None:
    with pytest.raises(ValidationFailed) as failed:
        proposal().agendeer(uuid4(), "zhz-ao", D)
    assert failed.value.problems[0].field == "overlegId"


def test_adviezen_keep_dissent_and_reservations_need_a_reason() -> None:
    b = proposal()
    b.geef_advies("Raad voor de Kinderbescherming", "organisatie", "positief", None, D)
    with pytest.raises(ValidationFailed):
        b.geef_advies("Openbaar Ministerie", "organisatie", "met_voorbehoud", None, D)
    b.geef_advies("Openbaar Ministerie", "organisatie", "met_voorbehoud", "kies een eenvoudiger stelsel", D)
    assert [a["standpunt"] for a in b.adviezen] == ["positief", "met_voorbehoud"]


def test_a_correction_is_a_new_event_that_references_the_corrected_one() -> None:
    b = tabled()
    take(b, BO)
    genomen_versie = b.version
    b.corrigeer(correctie_van=genomen_versie, reden="typefout", beslispunten=[{"nummer": 1, "tekst": "Actualiseer"}])
    events = b.collect_events()
    correctie = events[-1]
    assert isinstance(correctie, Besluit.Gecorrigeerd)
    assert correctie.correctie_van == genomen_versie
    assert isinstance(events[-2], Besluit.Genomen)
    assert b.beslispunten[1]["tekst"] == "Actualiseer"


def test_only_a_recorded_besluit_can_be_corrected_and_the_reference_must_exist() -> None:
    with pytest.raises(InvalidTransition):
        proposal().corrigeer(correctie_van=1, reden="x", onderwerp="y")
    b = tabled()
    take(b, BO)
    with pytest.raises(ValidationFailed) as failed:
        b.corrigeer(correctie_van=99, reden="", onderwerp="y")
    assert {p.field for p in failed.value.problems} == {"correctieVan", "reden"}


def test_woo_publication_needs_a_date_and_a_taken_besluit_withholding_needs_a_ground() -> None:
    b = proposal()
    with pytest.raises(ValidationFailed):
        b.wijzig_woo("niet_openbaar", None, None)
    with pytest.raises(InvalidTransition):
        b.wijzig_woo("gepubliceerd", D, None)
    take_b = tabled()
    take(take_b, BO)
    take_b.wijzig_woo("gepubliceerd", D, None)
    assert take_b.woo == "gepubliceerd"


def test_a_besluit_with_no_beslispunt_adopted_must_be_rejected_instead() -> None:
    with pytest.raises(ValidationFailed) as failed:
        take(tabled(), BO, {1: "verworpen", 2: "verworpen"})
    assert failed.value.problems[0].field == "uitkomsten"


def test_a_proposal_lists_every_problem() -> None:
    with pytest.raises(ValidationFailed) as failed:
        Besluit.stel_voor(
            regio="zhz", kenmerk=" ", onderwerp="", gremium="zhz-bo", beslispunten=[],
            betreft_gemeenten=["0505"], koppelingen=[{"soort": "iets", "id": ""}],
        )  # fmt: skip
    fields = {p.field for p in failed.value.problems}
    assert {"kenmerk", "onderwerp", "beslispunten", "betreftGemeenten", "koppelingen[0].soort"} <= fields


def test_merged_bodies_are_superseded_and_cannot_change_anymore() -> None:
    oud = Gremium.stel_in(code="zhz-sg-voit", regio="zhz", naam="Stuurgroep VOiT", type="bestuurlijk",
                          cadans="ad_hoc", ingesteld_op=dt.date(2018, 1, 1))  # fmt: skip
    oud.hef_op(dt.date(2022, 1, 1), "zhz-bo")
    assert (oud.status, oud.opvolger) == ("opgeheven", "zhz-bo")
    with pytest.raises(InvalidTransition):
        oud.wijzig_cadans("kwartaal")


def test_an_overleg_keeps_its_agenda_and_refuses_changes_once_cancelled() -> None:
    overleg = Overleg.plan("zhz-bo", "zhz", D)
    assert overleg.agendeer("Voortgang", "onderwerp") == 1
    with pytest.raises(ValidationFailed):
        overleg.agendeer("Punt", "ontwikkelpunt")
    overleg.annuleer("geen quorum")
    with pytest.raises(InvalidTransition):
        overleg.agendeer("Voortgang", "onderwerp")

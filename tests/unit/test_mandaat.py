"""Mandate rules as data, in memory: seed 002 (ZHZ) and seed 003 (Amersfoort)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from domain.base import CommandMeta, command_context
from domain.errors import NotAllowed, ValidationFailed
from domain.mandaat import GremiumFeit, Mandaatregeling, MandateRefused, beoordeel, regel

KADER = ["kader_inhoudelijk", "kader_financieel"]
ZHZ: list[dict[str, Any]] = [
    regel("opgeheven-gremium", "opgeheven gremia besluiten niet", "geen", status="opgeheven"),
    regel("M2-bestuurlijk-overleg-kaders", "het bestuurlijk overleg beslist over kaders", "besluit",
          gremium="zhz-bo", soorten=KADER),
    regel("M2-alleen-bestuurlijk-overleg", "kaderwijziging alleen in het bestuurlijk overleg", "geen",
          soorten=KADER, escaleer_naar="zhz-bo"),
    regel("M1-ambtelijk-binnen-kaders", "ambtelijk besluit binnen de kaders", "besluit", gremium="zhz-ao",
          soorten=["binnen_kaders"]),
    regel("bestuurlijk-overleg-binnen-kaders", "bestuurlijk ook binnen kaders", "besluit", gremium="zhz-bo",
          soorten=["binnen_kaders"]),
    regel("advies-adviseert", "adviesorganen adviseren", "advies", gremium_type="advies"),
]  # fmt: skip
BO = GremiumFeit("zhz-bo", "bestuurlijk", "actief")
AO = GremiumFeit("zhz-ao", "ambtelijk", "actief")
KBG = GremiumFeit("zhz-klankbordgroep", "advies", "actief")
OUD = GremiumFeit("zhz-sg-voit", "bestuurlijk", "opgeheven", opvolger="zhz-bo")
D = dt.date(2022, 10, 13)


def never(_code: str) -> bool:
    return False


def zhz() -> Mandaatregeling:
    return Mandaatregeling.stel_vast("zhz", dt.date(2022, 1, 1), ZHZ)


def test_the_ambtelijk_overleg_decides_within_the_kaders() -> None:
    assert zhz().toets(AO, ["binnen_kaders"], D, never).regel == "M1-ambtelijk-binnen-kaders"


def test_a_financial_kader_change_in_the_ambtelijk_overleg_is_refused_naming_the_rule_and_the_body_that_may() -> None:
    with pytest.raises(MandateRefused) as refused:
        zhz().toets(AO, ["kader_financieel"], D, never)
    assert refused.value.rule == "M2-alleen-bestuurlijk-overleg"
    assert refused.value.escalate_to == "zhz-bo"
    assert "M2-alleen-bestuurlijk-overleg" in refused.value.message


def test_only_the_bestuurlijk_overleg_decides_when_the_kaders_change_on_content_or_money() -> None:
    assert zhz().toets(BO, KADER, D, never).regel == "M2-bestuurlijk-overleg-kaders"


def test_an_advisory_body_may_advise_but_never_decide() -> None:
    assert beoordeel(ZHZ, KBG, "binnen_kaders").bevoegdheid == "advies"
    with pytest.raises(MandateRefused) as refused:
        zhz().toets(KBG, ["binnen_kaders"], D, never)
    assert refused.value.rule == "advies-adviseert"


def test_a_superseded_body_decides_nothing_and_points_to_its_successor() -> None:
    with pytest.raises(MandateRefused) as refused:
        zhz().toets(OUD, ["binnen_kaders"], D, never)
    assert refused.value.rule == "opgeheven-gremium"
    assert refused.value.escalate_to == "zhz-bo"


def test_a_superseded_body_decides_nothing_even_without_a_rule_saying_so() -> None:
    verdict = beoordeel([regel("alles", "iedereen besluit", "besluit")], OUD, "binnen_kaders")
    assert (verdict.bevoegdheid, verdict.regel) == ("geen", "opgeheven-gremium")


def test_a_body_no_rule_mentions_may_not_decide() -> None:
    team = GremiumFeit("zhz-programmateam", "uitvoerend", "actief")
    assert beoordeel(ZHZ, team, "binnen_kaders").regel == "geen-regel"


def test_seed_003_the_bosd_decides_only_after_the_ssd_dealt_with_the_same_proposal() -> None:
    rules = [
        regel("bosd-na-ssd", "het BOSD stelt vast nadat de SSD het voorstel behandelde", "besluit",
              gremium="amf-bosd", na=["amf-ssd"]),
        regel("ssd-besluit", "de SSD besluit ambtelijk", "besluit", gremium="amf-ssd"),
    ]  # fmt: skip
    regeling = Mandaatregeling.stel_vast("amersfoort", dt.date(2021, 11, 1), rules)
    bosd = GremiumFeit("amf-bosd", "bestuurlijk", "actief")
    with pytest.raises(MandateRefused) as refused:
        regeling.toets(bosd, ["kader_inhoudelijk"], dt.date(2022, 2, 24), never)
    assert refused.value.rule == "bosd-na-ssd"
    assert refused.value.escalate_to == "amf-ssd"
    ok = regeling.toets(bosd, ["kader_inhoudelijk"], dt.date(2022, 2, 24), lambda code: code == "amf-ssd")
    assert ok.regel == "bosd-na-ssd"


def test_a_new_version_of_the_rules_applies_from_its_date_and_the_old_one_still_before() -> None:
    regeling = zhz()
    new_rules = [r for r in ZHZ if r["code"] != "M1-ambtelijk-binnen-kaders"]
    with command_context(CommandMeta(actor_id="pb", besluit_id="besluit-1")):
        regeling.wijzig(dt.date(2023, 1, 1), new_rules, "besluit-1")
    assert regeling.toets(AO, ["binnen_kaders"], dt.date(2022, 12, 31), never).regel == "M1-ambtelijk-binnen-kaders"
    with pytest.raises(MandateRefused) as refused:
        regeling.toets(AO, ["binnen_kaders"], dt.date(2023, 1, 1), never)
    assert refused.value.rule == "geen-regel"
    assert regeling.versies[1]["besluit_id"] == "besluit-1"


def test_the_rules_change_only_on_the_authority_of_a_besluit() -> None:
    with pytest.raises(NotAllowed):
        zhz().wijzig(dt.date(2023, 1, 1), ZHZ, None)


def test_a_new_version_must_start_after_the_previous_one() -> None:
    regeling = zhz()
    with command_context(CommandMeta(actor_id="pb", besluit_id="b")), pytest.raises(ValidationFailed) as failed:
        regeling.wijzig(dt.date(2021, 1, 1), ZHZ, "b")
    assert [p.field for p in failed.value.problems] == ["geldigVanaf"]


def test_before_the_first_version_nothing_may_be_decided() -> None:
    with pytest.raises(MandateRefused) as refused:
        zhz().toets(BO, KADER, dt.date(2021, 1, 1), never)
    assert refused.value.rule == "geen-regel"


def test_invalid_rules_list_every_problem() -> None:
    bad = [{"code": "", "omschrijving": "", "bevoegdheid": "misschien", "soorten": ["alles"], "gremium_type": "x"}]
    with pytest.raises(ValidationFailed) as failed:
        Mandaatregeling.stel_vast("zhz", D, bad)
    fields = {p.field for p in failed.value.problems}
    assert fields == {
        "regels[0].code", "regels[0].omschrijving", "regels[0].bevoegdheid", "regels[0].soorten",
        "regels[0].gremiumType",
    }  # fmt: skip

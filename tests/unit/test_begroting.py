"""The programme budget in memory: totals, PM lines, kaders, accountability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.begroting import Begroting
from domain.errors import InvalidTransition, NotAllowed, ValidationFailed

JAREN = [2023, 2024, 2025]


def _per_jaar(bedrag: int) -> dict[int, Decimal]:
    return {j: Decimal(bedrag) for j in JAREN}


def _zhz() -> Begroting:
    b = Begroting.stel_op("kgb-zhz", JAREN)
    for code, taak, bedrag in [
        ("programmamanager", "Programmamanager", 100_000),
        ("ondersteuning", "Ondersteuning", 60_000),
        ("projectlijnen", "Uitvoeren projectlijnen / programmateam", 120_000),
        ("facilitair", "Facilitaire kosten", 10_000),
        ("top3", "Trainen Top 3 methode", 30_000),
        ("monitoring", "Monitoring", 50_000),
    ]:
        b.leg_regel_vast(code, taak, "", False, _per_jaar(bedrag), False)
    b.leg_regel_vast("uitvoering", "Uitvoeringskosten regionaal en/of lokaal", "", True, {}, False)
    return b


def test_totals_are_computed_from_the_lines_and_pm_lines_stay_out() -> None:
    b = _zhz()
    assert b.totaal() == Decimal(1_110_000)
    assert b.totaal_per_jaar() == dict.fromkeys(JAREN, Decimal(370_000))
    assert b.regel_totaal("programmamanager") == Decimal(300_000)


def test_adopting_checks_the_declared_totals_against_the_computed_ones() -> None:
    b = _zhz()
    with pytest.raises(ValidationFailed) as refused:
        b.stel_vast(dt.date(2023, 1, 15), Decimal(380_000), Decimal(1_140_000))
    assert {p.field for p in refused.value.problems} == {"totaalPerJaar", "totaal"}
    b.stel_vast(dt.date(2023, 1, 15), Decimal(370_000), Decimal(1_110_000))
    assert (b.versie, b.kader_totaal) == (1, Decimal(1_110_000))


def test_a_line_change_beyond_the_kaders_is_refused_without_a_qualifying_besluit() -> None:
    b = _zhz()
    b.stel_vast(dt.date(2023, 1, 15), None, None)
    with pytest.raises(NotAllowed):
        b.leg_regel_vast("monitoring", "Monitoring", "", False, _per_jaar(60_000), False)
    with pytest.raises(NotAllowed):
        b.leg_regel_vast("uitvoering", "Uitvoeringskosten", "", False, _per_jaar(1), False)
    b.leg_regel_vast("monitoring", "Monitoring", "", False, _per_jaar(40_000), False)
    assert b.versie == 1
    b.leg_regel_vast("monitoring", "Monitoring", "", False, _per_jaar(60_000), True)
    assert (b.versie, b.kader_totaal) == (2, Decimal(1_140_000))


def test_a_pm_line_has_no_amounts_and_amounts_stay_within_the_budget_years() -> None:
    b = _zhz()
    with pytest.raises(ValidationFailed) as refused:
        b.leg_regel_vast("x", "X", "", True, {2030: Decimal("1.001")}, False)
    assert {p.field for p in refused.value.problems} == {"bedragen"}


def test_accountability_is_given_once_per_half_year() -> None:
    b = _zhz()
    b.leg_verantwoording_af("2023-H1", dt.date(2023, 9, 1), "bestuurlijk overleg", "")
    with pytest.raises(InvalidTransition):
        b.leg_verantwoording_af("2023-H1", dt.date(2023, 9, 2), "bestuurlijk overleg", "")
    with pytest.raises(ValidationFailed):
        b.boek_realisatie("monitoring", "2031-H1", Decimal(10))

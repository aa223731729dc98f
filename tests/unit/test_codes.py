"""Every code has one documented pattern (``domain/codes.py``) and the
aggregates refuse a code that does not match it."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import codes
from domain.begroting import Begroting
from domain.errors import ValidationFailed
from domain.gremium import Gremium
from domain.programma import Programma
from domain.project import Project
from domain.regio import Regio


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (codes.GEMEENTE, ["GM0307", "GM1978"], ["GM030", "gm0307", "GM0307\n", "GM٠٣٠٧", "GM03071", " GM0307"]),
        (codes.REGIO, ["amersfoort", "zhz", "r", "r1", "noord-oost"], ["ZHZ", "zhz ", "-a", "1a", "ﴺ", "", "a" * 41]),
        (codes.PROGRAMMA, ["kgb-zhz", "p1", "p", "lokale-teams-amersfoort"], ["KGB", "kgb zhz", "", "kgb\x00"]),
        (codes.GREMIUM, ["zhz-bo", "amf-bosd", "zhz-lat-gm0482"], ["b", "ZHZ-BO", "zhz_bo", "zhz-bo\n"]),
        (codes.PROJECT, ["VOIT", "GHNT-VLI", "BV0", "NEW", "x"], ["X!", "-A", "", "A" * 41, "GHNT VLI"]),
        (codes.BEGROTINGSREGEL, ["programmamanager", "top3", "team", "x"], ["Top3", "top 3", "", "a\x00", "-x"]),
    ],
)
def test_each_code_pattern_accepts_the_demo_codes_and_refuses_the_rest(
    pattern: codes.CodePattern, good: list[str], bad: list[str]
) -> None:
    assert all(pattern.matches(c) for c in good), [c for c in good if not pattern.matches(c)]
    assert not any(pattern.matches(c) for c in bad), [c for c in bad if pattern.matches(c)]


def test_a_regio_with_a_code_off_its_pattern_cannot_be_registered() -> None:
    for code in ["\x14g²§", "ﴺ", "Zhz"]:
        with pytest.raises(ValidationFailed):
            Regio.registreer(code, "Regio")
    regio = Regio.registreer("zhz", "Zuid-Holland Zuid")
    for gemeente in ["GM0307\n", "GM٠٣٠٧", "0307"]:
        with pytest.raises(ValidationFailed):
            regio.registreer_gemeente(gemeente, "Amersfoort")


def test_a_programma_with_a_code_or_regio_off_its_pattern_cannot_be_started() -> None:
    start, eind = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
    with pytest.raises(ValidationFailed) as refused:
        Programma.start(
            code="KGB ZHZ",
            naam="P",
            regio="Z H Z",
            periode_start=start,
            periode_eind=eind,
            doelen=[],
            opdrachtgevers=[],
        )
    fields = {p.field for p in refused.value.problems}
    assert {"code", "regio"} <= fields


BAD = ["\x14g²§", "ﴺ", "a\x00b", "\ud800", "", "x" * 41, "met spatie"]


@pytest.mark.parametrize("code", BAD)
def test_a_gremium_with_a_code_or_regio_off_its_pattern_cannot_be_set_up(code: str) -> None:
    def stel_in(code: str, regio: str) -> Gremium:
        return Gremium.stel_in(
            code=code, regio=regio, naam="G", type="advies", cadans="kwartaal", ingesteld_op=dt.date(2025, 1, 1)
        )

    assert stel_in("zhz-bo", "zhz").code == "zhz-bo"
    for bad_code, regio, field in ((code, "zhz", "code"), ("zhz-bo", code, "regio")):
        with pytest.raises(ValidationFailed) as refused:
            stel_in(bad_code, regio)
        assert field in {p.field for p in refused.value.problems}


@pytest.mark.parametrize("code", BAD)
def test_a_project_with_a_code_programma_or_hoofdproject_off_its_pattern_cannot_be_taken_up(code: str) -> None:
    def neem_op(code: str, programma: str, hoofdproject: str | None) -> Project:
        soort = "deelproject" if hoofdproject is not None else "projectlijn"
        return Project.neem_op(
            code=code, programma=programma, naam="P", soort=soort, hoofdproject=hoofdproject, herkomst="nieuw"
        )

    assert neem_op("GHNT-VLI", "kgb-zhz", "GHNT").code == "GHNT-VLI"
    for args, field in (
        ((code, "kgb-zhz", None), "code"),
        (("VOIT", code, None), "programma"),
        (("GHNT-VLI", "kgb-zhz", code or "x y"), "hoofdproject"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            neem_op(*args)
        assert field in {p.field for p in refused.value.problems}


@pytest.mark.parametrize("code", BAD)
def test_a_budget_line_or_budget_off_its_pattern_is_refused_and_nothing_is_recorded(code: str) -> None:
    with pytest.raises(ValidationFailed):
        Begroting.stel_op(code, [2025])
    begroting = Begroting.stel_op("kgb-zhz", [2025])
    recorded = len(begroting.collect_events())
    with pytest.raises(ValidationFailed) as refused:
        begroting.leg_regel_vast(code, "Taak", "", pm=True, bedragen={}, besluit_toegestaan=True)
    assert "code" in {p.field for p in refused.value.problems}
    assert recorded == 1
    assert begroting.collect_events() == []
    assert begroting.regels == {}

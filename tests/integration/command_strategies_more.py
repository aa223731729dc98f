"""Step strategies for governance and the programme (see ``command_strategies``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from domain.besluit import besluit_id
from domain.overleg import overleg_id
from domain.programma import FASEN
from service.commands.base import Command, Saved
from service.commands.registry import Commands
from tests.integration.command_strategies import Step

GREMIA = ("bo", "ao")
DAGEN = (dt.date(2025, 3, 14), dt.date(2025, 6, 13))
KENMERKEN = ("B-1", "B-2")
PROJECTEN = ("pr1", "pr2")
DATUMS = st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))

MILESTONES: list[UUID] = []
"""Ids of the milestones planned in the current example (random ids); reset per example."""


def reset() -> None:
    MILESTONES.clear()


def _step(label: str, run: Any) -> Step:
    return Step(label, run)


def governance_steps() -> st.SearchStrategy[Step]:
    gremium = st.sampled_from(GREMIA)
    fields = {"regio": "r1", "naam": "Overleg", "type": "bestuurlijk", "cadans": "kwartaal"}
    instellen = st.builds(
        lambda g: _step(
            f"stel_gremium_in({g})",
            lambda c, cmd: c.governance.stel_gremium_in(cmd, code=g, **fields, ingesteld_op=dt.date(2025, 1, 1)),
        ),
        gremium,
    )
    cadans = st.builds(
        lambda g, k: _step(
            f"wijzig_gremium({g},{k})",
            lambda c, cmd: c.governance.wijzig_gremium(cmd, g, None, voorzitter=None, cadans=k),
        ),
        gremium,
        st.sampled_from(["maand", "kwartaal", "6-8w"]),
    )
    plan = st.builds(
        lambda g, d: _step(f"plan_overleg({g},{d})", lambda c, cmd: c.governance.plan_overleg(cmd, g, d, None)),
        gremium,
        st.sampled_from(DAGEN),
    )
    houd = st.builds(
        lambda g, d: _step(
            f"houd_overleg({g},{d})", lambda c, cmd: c.governance.houd_overleg(cmd, overleg_id(g, d), None, "notulen")
        ),
        gremium,
        st.sampled_from(DAGEN),
    )
    return st.one_of(instellen, cadans, plan, houd, besluit_steps())


def besluit_steps() -> st.SearchStrategy[Step]:
    voorstel = st.builds(
        lambda g, k: _step(
            f"stel_besluit_voor({g},{k})",
            lambda c, cmd: c.governance.stel_besluit_voor(
                cmd, regio="r1", kenmerk=k, onderwerp="onderwerp", gremium=g, beslispunten=["akkoord"]
            ),
        ),
        st.sampled_from(GREMIA),
        st.sampled_from(KENMERKEN),
    )
    agendeer = st.builds(
        lambda k, g, d: _step(
            f"agendeer_besluit({k},{g},{d})",
            lambda c, cmd: c.governance.agendeer_besluit(cmd, besluit_id("r1", k), None, overleg_id(g, d)),
        ),
        st.sampled_from(KENMERKEN),
        st.sampled_from(GREMIA),
        st.sampled_from(DAGEN),
    )
    neem = st.builds(
        lambda k: _step(
            f"neem_besluit({k})",
            lambda c, cmd: c.governance.neem_besluit(
                cmd, besluit_id("r1", k), None, datum=None, uitkomsten={}, doorleiden=False
            ),
        ),
        st.sampled_from(KENMERKEN),
    )
    return st.one_of(voorstel, agendeer, neem)


def _start(c: Commands, cmd: Command) -> object:
    return c.programme.start_programma(
        cmd, code="p1", naam="Programma", regio="r1", periode_start=dt.date(2025, 1, 1),
        periode_eind=dt.date(2027, 12, 31), doelen=["doel"], opdrachtgevers=["GM0001"],
    )  # fmt: skip


def _plan_milestone(c: Commands, cmd: Command, datum: dt.date) -> object:
    saved: Saved = c.programme.plan_mijlpaal(
        cmd, titel="Mijlpaal", soort="overleg", eigenaar_soort="programma", eigenaar="p1", programma=None,
        datum=datum, precisie="dag", omschrijving="",
    )  # fmt: skip
    MILESTONES.append(saved.aggregate_id)
    return saved


def _milestone(index: int) -> UUID:
    return MILESTONES[index % len(MILESTONES)] if MILESTONES else UUID(int=0)


def programme_steps() -> st.SearchStrategy[Step]:
    start = st.just(_step("start_programma", _start))
    project = st.builds(
        lambda code: _step(
            f"neem_project_op({code})",
            lambda c, cmd: c.programme.neem_project_op(
                cmd, "p1", code=code, naam="Project", soort="projectlijn", hoofdproject=None, herkomst="nieuw",
                omschrijving="",
            ),
        ),
        st.sampled_from(PROJECTEN),
    )  # fmt: skip
    fase = st.builds(
        lambda code, f: _step(
            f"wijzig_projectfase({code},{f})", lambda c, cmd: c.programme.wijzig_projectfase(cmd, code, f, None)
        ),
        st.sampled_from(PROJECTEN),
        st.sampled_from(FASEN),
    )
    plan = st.builds(lambda d: _step(f"plan_mijlpaal({d})", lambda c, cmd: _plan_milestone(c, cmd, d)), DATUMS)
    verplaats = st.builds(
        lambda i, d: _step(
            f"verplaats_mijlpaal({i},{d})",
            lambda c, cmd: c.programme.verplaats_mijlpaal(
                cmd, _milestone(i), naar=d, precisie="dag", reden_categorie="capaciteit", reden="drukte",
                expected_version=None,
            ),
        ),
        st.integers(0, 2),
        DATUMS,
    )  # fmt: skip
    behaal = st.builds(
        lambda i, d: _step(
            f"behaal_mijlpaal({i})", lambda c, cmd: c.programme.behaal_mijlpaal(cmd, _milestone(i), d, None)
        ),
        st.integers(0, 2),
        st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    )
    return st.one_of(start, start, project, fase, plan, plan, verplaats, behaal)


SETUP_MORE = (
    Step(
        "setup_gremium",
        lambda c, cmd: c.governance.stel_gremium_in(
            cmd,
            code="bo",
            regio="r1",
            naam="BO",
            type="bestuurlijk",
            cadans="kwartaal",
            ingesteld_op=dt.date(2025, 1, 1),
        ),
        False,
    ),
    Step("setup_overleg", lambda c, cmd: c.governance.plan_overleg(cmd, "bo", DAGEN[0], None), False),
    Step("setup_programma", _start, False),
    Step("setup_mijlpaal", lambda c, cmd: _plan_milestone(c, cmd, dt.date(2025, 9, 1)), False),
)
"""Governance and programme objects for later steps to act on (after ``command_strategies.SETUP``)."""

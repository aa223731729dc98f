"""Step strategies for governance and the programme (see ``command_strategies``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from domain.besluit import besluit_id
from domain.overleg import overleg_id
from domain.programma import FASEN
from domain.risico import STATUSSEN as RISICO_STATUSSEN
from service.commands.base import Envelope, Saved
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
    return st.one_of(instellen, cadans, plan, houd, besluit_steps(), agenda_steps())


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


def _start(c: Commands, cmd: Envelope) -> object:
    return c.programme.start_programma(
        cmd, code="p1", naam="Programma", regio="r1", periode_start=dt.date(2025, 1, 1),
        periode_eind=dt.date(2027, 12, 31), doelen=["doel"], opdrachtgevers=["GM0001"],
    )  # fmt: skip


def _plan_milestone(c: Commands, cmd: Envelope, datum: dt.date) -> object:
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


def agenda_steps() -> st.SearchStrategy[Step]:
    meeting = st.tuples(st.sampled_from(("bo", *GREMIA)), st.sampled_from((DAGEN[0], *DAGEN)))
    punt = st.builds(
        lambda m, soort, ref: _step(
            f"agendeer_punt({m[0]},{m[1]},{soort})",
            lambda c, cmd: c.governance.agendeer_punt(
                cmd, overleg_id(*m), None, onderwerp="Punt", soort=soort, ref_id=_ref(soort, ref),
                terugkerend=ref == 0,
            ),
        ),
        meeting,
        st.sampled_from(("onderwerp", "onderwerp", "mijlpaal", "besluit")),
        st.integers(0, 1),
    )  # fmt: skip
    aanwezig = st.builds(
        lambda m, org: _step(
            f"leg_aanwezigheid_vast({m[0]},{m[1]})",
            lambda c, cmd: c.governance.leg_aanwezigheid_vast(
                cmd, overleg_id(*m), None, [{"organisatie": o, "rol": None} for o in org]
            ),
        ),
        meeting,
        st.lists(st.sampled_from(("GM0001", "GM0002", "GM0002", "")), min_size=1, max_size=2),
    )
    rapportage = st.builds(
        lambda m, soort: _step(
            f"ontvang_rapportage({m[0]},{m[1]},{soort})",
            lambda c, cmd: c.governance.ontvang_rapportage(
                cmd, overleg_id(*m), None, soort=soort, door="programmamanager", onderwerp="stand", document=None
            ),
        ),
        meeting,
        st.sampled_from(("voortgang", "budget", "onbekend")),
    )
    annuleer = st.builds(
        lambda m: _step(
            f"annuleer_overleg({m[0]},{m[1]})",
            lambda c, cmd: c.governance.annuleer_overleg(cmd, overleg_id(*m), None, "geen quorum"),
        ),
        meeting,
    )
    return st.one_of(punt, punt, punt, aanwezig, rapportage, annuleer)


def _ref(soort: str, index: int) -> str | None:
    if soort == "mijlpaal":
        return str(_milestone(index))
    return str(besluit_id("r1", KENMERKEN[index])) if soort == "besluit" else None


CODES = ("a", "b")
HALFJAREN = ("2025-H1", "2026-H2", "2027-H1")
BEDRAGEN = st.sampled_from((Decimal(0), Decimal(100), Decimal("250.50"), Decimal("0.001")))


def _regel(c: Commands, cmd: Envelope, code: str, pm: bool, bedragen: dict[int, Decimal]) -> object:
    return c.programme.leg_begrotingsregel_vast(
        cmd, "p1", code=code, taak="Taak", invulling="", pm=pm, bedragen=bedragen, expected_version=None
    )


def budget_steps() -> st.SearchStrategy[Step]:
    opstellen = st.builds(
        lambda j: _step(f"stel_begroting_op({j})", lambda c, cmd: c.programme.stel_begroting_op(cmd, "p1", j)),
        st.sampled_from(([2025, 2026], [2025], [])),
    )
    regel = st.builds(
        lambda code, pm, b: _step(f"leg_begrotingsregel_vast({code},{pm})", lambda c, cmd: _regel(c, cmd, code, pm, b)),
        st.sampled_from(CODES),
        st.sampled_from((False, False, False, True)),
        st.dictionaries(st.sampled_from((2025, 2026, 2025, 2027)), BEDRAGEN, min_size=1, max_size=2),
    )
    bron = st.builds(
        lambda n, b: _step(
            f"voeg_financieringsbron_toe({n})",
            lambda c, cmd: c.programme.voeg_financieringsbron_toe(cmd, "p1", n, b, "", None),
        ),
        st.sampled_from(("Rijk", "Regio")),
        st.one_of(st.none(), BEDRAGEN),
    )
    vast = st.builds(
        lambda d: _step(
            f"stel_begroting_vast({d})", lambda c, cmd: c.programme.stel_begroting_vast(cmd, "p1", d, None, None, None)
        ),
        DATUMS,
    )
    realisatie = st.builds(
        lambda r, h, b: _step(
            f"boek_realisatie({r},{h})", lambda c, cmd: c.programme.boek_realisatie(cmd, "p1", r, h, b, None)
        ),
        st.sampled_from(CODES),
        st.sampled_from(HALFJAREN),
        st.sampled_from((Decimal(40), Decimal("-12.50"), Decimal(0))),
    )
    verantwoording = st.builds(
        lambda h, d: _step(
            f"leg_verantwoording_af({h})",
            lambda c, cmd: c.programme.leg_verantwoording_af(
                cmd, "p1", halfjaar=h, datum=d, aan="AB", omschrijving="", expected_version=None
            ),
        ),
        st.sampled_from(HALFJAREN),
        DATUMS,
    )
    return st.one_of(opstellen, regel, regel, regel, bron, vast, realisatie, realisatie, verantwoording)


RISICOS = ("R1", "R2")


def risk_steps() -> st.SearchStrategy[Step]:
    nummer = st.sampled_from((RISICOS[0], *RISICOS))
    registreer = st.builds(
        lambda n: _step(
            f"registreer_risico({n})",
            lambda c, cmd: c.programme.registreer_risico(cmd, "p1", n, "Risico", ["maatregel"], "programmamanager"),
        ),
        nummer,
    )
    bij = st.builds(
        lambda n, o, e: _step(
            f"werk_risico_bij({n})",
            lambda c, cmd: c.programme.werk_risico_bij(
                cmd, "p1", n, omschrijving=o, maatregelen=["maatregel", "extra"][: len(o) % 3], eigenaar=e,
                expected_version=None,
            ),
        ),
        nummer,
        st.sampled_from(("Risico", "Groter risico", "")),
        st.sampled_from(("programmamanager", "projectleider")),
    )  # fmt: skip
    status = st.builds(
        lambda n, s: _step(
            f"wijzig_risicostatus({n},{s})", lambda c, cmd: c.programme.wijzig_risicostatus(cmd, "p1", n, s, None)
        ),
        nummer,
        st.sampled_from(RISICO_STATUSSEN),
    )
    escaleer = st.builds(
        lambda n: _step(
            f"escaleer_risico({n})",
            lambda c, cmd: c.programme.escaleer_risico(cmd, "p1", n, "klankbordgroep", "dekking nodig", None),
        ),
        nummer,
    )
    return st.one_of(registreer, bij, bij, status, status, escaleer)


def finance_steps() -> st.SearchStrategy[Step]:
    return st.one_of(budget_steps(), budget_steps(), risk_steps())


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
    Step("setup_begroting", lambda c, cmd: c.programme.stel_begroting_op(cmd, "p1", [2025, 2026]), False),
    Step("setup_regel", lambda c, cmd: _regel(c, cmd, "a", False, {2025: Decimal(100)}), False),
    Step(
        "setup_risico",
        lambda c, cmd: c.programme.registreer_risico(cmd, "p1", "R1", "Risico", ["maatregel"], "programmamanager"),
        False,
    ),
)
"""Governance and programme objects for later steps to act on (after ``command_strategies.SETUP``)."""

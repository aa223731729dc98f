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
from service.commands.governance.besluit import AgendeerBesluit, NeemBesluit, StelBesluitVoor
from service.commands.governance.gremium import StelGremiumIn, WijzigGremium
from service.commands.governance.overleg import (
    AgendeerPunt,
    AnnuleerOverleg,
    HoudOverleg,
    LegAanwezigheidVast,
    OntvangRapportage,
    PlanOverleg,
)
from service.commands.programme.begroting import (
    BoekRealisatie,
    EscaleerRisico,
    LegBegrotingsregelVast,
    LegVerantwoordingAf,
    RegistreerRisico,
    StelBegrotingOp,
    StelBegrotingVast,
    VoegFinancieringsbronToe,
    WerkRisicoBij,
    WijzigRisicostatus,
)
from service.commands.programme.mijlpalen import BehaalMijlpaal, PlanMijlpaal, VerplaatsMijlpaal
from service.commands.programme.programma import NeemProjectOp, StartProgramma, WijzigProjectfase
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
    instellen = st.builds(
        lambda g: _step(
            f"stel_gremium_in({g})",
            lambda c, cmd: c.run(
                cmd,
                StelGremiumIn(
                    code=g,
                    regio="r1",
                    naam="Overleg",
                    type="bestuurlijk",
                    cadans="kwartaal",
                    ingesteld_op=dt.date(2025, 1, 1),
                ),
            ),
        ),
        gremium,
    )
    cadans = st.builds(
        lambda g, k: _step(
            f"wijzig_gremium({g},{k})",
            lambda c, cmd: c.run(cmd, WijzigGremium(code=g, voorzitter=None, cadans=k)),
        ),
        gremium,
        st.sampled_from(["maand", "kwartaal", "6-8w"]),
    )
    plan = st.builds(
        lambda g, d: _step(
            f"plan_overleg({g},{d})", lambda c, cmd: c.run(cmd, PlanOverleg(gremium=g, datum=d, locatie=None))
        ),
        gremium,
        st.sampled_from(DAGEN),
    )
    houd = st.builds(
        lambda g, d: _step(
            f"houd_overleg({g},{d})",
            lambda c, cmd: c.run(cmd, HoudOverleg(overleg=overleg_id(g, d), notulen="notulen")),
        ),
        gremium,
        st.sampled_from(DAGEN),
    )
    return st.one_of(instellen, cadans, plan, houd, besluit_steps(), agenda_steps())


def besluit_steps() -> st.SearchStrategy[Step]:
    voorstel = st.builds(
        lambda g, k: _step(
            f"stel_besluit_voor({g},{k})",
            lambda c, cmd: c.run(
                cmd, StelBesluitVoor(regio="r1", kenmerk=k, onderwerp="onderwerp", gremium=g, beslispunten=["akkoord"])
            ),
        ),
        st.sampled_from(GREMIA),
        st.sampled_from(KENMERKEN),
    )
    agendeer = st.builds(
        lambda k, g, d: _step(
            f"agendeer_besluit({k},{g},{d})",
            lambda c, cmd: c.run(cmd, AgendeerBesluit(besluit=besluit_id("r1", k), overleg=overleg_id(g, d))),
        ),
        st.sampled_from(KENMERKEN),
        st.sampled_from(GREMIA),
        st.sampled_from(DAGEN),
    )
    neem = st.builds(
        lambda k: _step(
            f"neem_besluit({k})",
            lambda c, cmd: c.run(
                cmd, NeemBesluit(besluit=besluit_id("r1", k), datum=None, uitkomsten={}, doorleiden=False)
            ),
        ),
        st.sampled_from(KENMERKEN),
    )
    return st.one_of(voorstel, agendeer, neem)


def _start(c: Commands, cmd: Envelope) -> object:
    return c.run(
        cmd,
        StartProgramma(
            code="p1",
            naam="Programma",
            regio="r1",
            periode_start=dt.date(2025, 1, 1),
            periode_eind=dt.date(2027, 12, 31),
            doelen=["doel"],
            opdrachtgevers=["GM0001"],
        ),
    )


def _plan_milestone(c: Commands, cmd: Envelope, datum: dt.date) -> object:
    saved: Saved = c.run(
        cmd,
        PlanMijlpaal(
            titel="Mijlpaal",
            soort="overleg",
            eigenaar_soort="programma",
            eigenaar="p1",
            datum=datum,
            precisie="dag",
            omschrijving="",
        ),
    )
    MILESTONES.append(saved.aggregate_id)
    return saved


def _milestone(index: int) -> UUID:
    return MILESTONES[index % len(MILESTONES)] if MILESTONES else UUID(int=0)


def programme_steps() -> st.SearchStrategy[Step]:
    start = st.just(_step("start_programma", _start))
    project = st.builds(
        lambda code: _step(
            f"neem_project_op({code})",
            lambda c, cmd: c.run(cmd, NeemProjectOp(
                programma="p1", code=code, naam="Project", soort="projectlijn", herkomst="nieuw", omschrijving=""
            )),
        ),
        st.sampled_from(PROJECTEN),
    )  # fmt: skip
    fase = st.builds(
        lambda code, f: _step(
            f"wijzig_projectfase({code},{f})", lambda c, cmd: c.run(cmd, WijzigProjectfase(project=code, fase=f))
        ),
        st.sampled_from(PROJECTEN),
        st.sampled_from(FASEN),
    )
    plan = st.builds(lambda d: _step(f"plan_mijlpaal({d})", lambda c, cmd: _plan_milestone(c, cmd, d)), DATUMS)
    verplaats = st.builds(
        lambda i, d: _step(
            f"verplaats_mijlpaal({i},{d})",
            lambda c, cmd: c.run(cmd, VerplaatsMijlpaal(
                mijlpaal=_milestone(i), naar=d, precisie="dag", reden_categorie="capaciteit", reden="drukte"
            )),
        ),
        st.integers(0, 2),
        DATUMS,
    )  # fmt: skip
    behaal = st.builds(
        lambda i, d: _step(
            f"behaal_mijlpaal({i})", lambda c, cmd: c.run(cmd, BehaalMijlpaal(mijlpaal=_milestone(i), datum=d))
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
            lambda c, cmd: c.run(cmd, AgendeerPunt(
                overleg=overleg_id(*m), onderwerp="Punt", soort=soort, ref_id=_ref(soort, ref), terugkerend=ref == 0
            )),
        ),
        meeting,
        st.sampled_from(("onderwerp", "onderwerp", "mijlpaal", "besluit")),
        st.integers(0, 1),
    )  # fmt: skip
    aanwezig = st.builds(
        lambda m, org: _step(
            f"leg_aanwezigheid_vast({m[0]},{m[1]})",
            lambda c, cmd: c.run(
                cmd,
                LegAanwezigheidVast(overleg=overleg_id(*m), aanwezigen=[{"organisatie": o, "rol": None} for o in org]),
            ),
        ),
        meeting,
        st.lists(st.sampled_from(("GM0001", "GM0002", "GM0002", "")), min_size=1, max_size=2),
    )
    rapportage = st.builds(
        lambda m, soort: _step(
            f"ontvang_rapportage({m[0]},{m[1]},{soort})",
            lambda c, cmd: c.run(
                cmd,
                OntvangRapportage(
                    overleg=overleg_id(*m), soort=soort, door="programmamanager", onderwerp="stand", document=None
                ),
            ),
        ),
        meeting,
        st.sampled_from(("voortgang", "budget", "onbekend")),
    )
    annuleer = st.builds(
        lambda m: _step(
            f"annuleer_overleg({m[0]},{m[1]})",
            lambda c, cmd: c.run(cmd, AnnuleerOverleg(overleg=overleg_id(*m), reden="geen quorum")),
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
    return c.run(
        cmd, LegBegrotingsregelVast(programma="p1", code=code, taak="Taak", invulling="", pm=pm, bedragen=bedragen)
    )


def budget_steps() -> st.SearchStrategy[Step]:
    opstellen = st.builds(
        lambda j: _step(f"stel_begroting_op({j})", lambda c, cmd: c.run(cmd, StelBegrotingOp(programma="p1", jaren=j))),
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
            lambda c, cmd: c.run(cmd, VoegFinancieringsbronToe(programma="p1", naam=n, bedrag=b, omschrijving="")),
        ),
        st.sampled_from(("Rijk", "Regio")),
        st.one_of(st.none(), BEDRAGEN),
    )
    vast = st.builds(
        lambda d: _step(
            f"stel_begroting_vast({d})",
            lambda c, cmd: c.run(
                cmd, StelBegrotingVast(programma="p1", datum=d, verwacht_per_jaar=None, verwacht_totaal=None)
            ),
        ),
        DATUMS,
    )
    realisatie = st.builds(
        lambda r, h, b: _step(
            f"boek_realisatie({r},{h})",
            lambda c, cmd: c.run(cmd, BoekRealisatie(programma="p1", regel=r, halfjaar=h, bedrag=b)),
        ),
        st.sampled_from(CODES),
        st.sampled_from(HALFJAREN),
        st.sampled_from((Decimal(40), Decimal("-12.50"), Decimal(0))),
    )
    verantwoording = st.builds(
        lambda h, d: _step(
            f"leg_verantwoording_af({h})",
            lambda c, cmd: c.run(
                cmd, LegVerantwoordingAf(programma="p1", halfjaar=h, datum=d, aan="AB", omschrijving="")
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
            lambda c, cmd: c.run(
                cmd,
                RegistreerRisico(
                    programma="p1",
                    nummer=n,
                    omschrijving="Risico",
                    maatregelen=["maatregel"],
                    eigenaar="programmamanager",
                ),
            ),
        ),
        nummer,
    )
    bij = st.builds(
        lambda n, o, e: _step(
            f"werk_risico_bij({n})",
            lambda c, cmd: c.run(cmd, WerkRisicoBij(
                programma="p1", nummer=n, omschrijving=o, maatregelen=["maatregel", "extra"][: len(o) % 3], eigenaar=e
            )),
        ),
        nummer,
        st.sampled_from(("Risico", "Groter risico", "")),
        st.sampled_from(("programmamanager", "projectleider")),
    )  # fmt: skip
    status = st.builds(
        lambda n, s: _step(
            f"wijzig_risicostatus({n},{s})",
            lambda c, cmd: c.run(cmd, WijzigRisicostatus(programma="p1", nummer=n, status=s)),
        ),
        nummer,
        st.sampled_from(RISICO_STATUSSEN),
    )
    escaleer = st.builds(
        lambda n: _step(
            f"escaleer_risico({n})",
            lambda c, cmd: c.run(
                cmd, EscaleerRisico(programma="p1", nummer=n, naar="klankbordgroep", reden="dekking nodig")
            ),
        ),
        nummer,
    )
    return st.one_of(registreer, bij, bij, status, status, escaleer)


def finance_steps() -> st.SearchStrategy[Step]:
    return st.one_of(budget_steps(), budget_steps(), risk_steps())


SETUP_MORE = (
    Step(
        "setup_gremium",
        lambda c, cmd: c.run(
            cmd,
            StelGremiumIn(
                code="bo",
                regio="r1",
                naam="BO",
                type="bestuurlijk",
                cadans="kwartaal",
                ingesteld_op=dt.date(2025, 1, 1),
            ),
        ),
        False,
    ),
    Step("setup_overleg", lambda c, cmd: c.run(cmd, PlanOverleg(gremium="bo", datum=DAGEN[0], locatie=None)), False),
    Step("setup_programma", _start, False),
    Step("setup_mijlpaal", lambda c, cmd: _plan_milestone(c, cmd, dt.date(2025, 9, 1)), False),
    Step("setup_begroting", lambda c, cmd: c.run(cmd, StelBegrotingOp(programma="p1", jaren=[2025, 2026])), False),
    Step("setup_regel", lambda c, cmd: _regel(c, cmd, "a", False, {2025: Decimal(100)}), False),
    Step(
        "setup_risico",
        lambda c, cmd: c.run(
            cmd,
            RegistreerRisico(
                programma="p1",
                nummer="R1",
                omschrijving="Risico",
                maatregelen=["maatregel"],
                eigenaar="programmamanager",
            ),
        ),
        False,
    ),
)
"""Governance and programme objects for later steps to act on (after ``command_strategies.SETUP``)."""

"""Random command sequences against the aggregates in memory (ontwikkelpunt,
mijlpaal, begroting, besluit): an accepted command adds exactly the events
its version says, a refused one (a typed DomainError, never anything else)
changes nothing, the area's invariants always hold, and the state equals a
replay of the events from scratch."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.base import VoortgangAggregate
from domain.begroting import Begroting, geldig_bedrag
from domain.besluit import Besluit
from domain.catalogue import CURRENT_VERSION
from domain.errors import DomainError
from domain.mijlpaal import Mijlpaal
from domain.ontwikkelpunt import ALLOWED_FROM, CONCEPT, MAX_DEELSTAPPEN, Kolommen, Ontwikkelpunt
from domain.plan_values import Kosten, Planning, Stand
from domain.planning import PRECISIES, REDEN_CATEGORIEEN
from domain.vocabulary import AdviseurSoort, BesluitStatus, KoppelSoort, Standpunt, Voortgangssignaal

Step = Callable[[Any], object]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2110, 12, 31))
MONEY = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)
TODAY = dt.date(2026, 6, 1)


def state(aggregate: VoortgangAggregate) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in vars(aggregate).items() if k != "_pending_events"}


def run(aggregate: VoortgangAggregate, steps: list[Step], invariant: Callable[[Any], None]) -> None:
    for step in steps:
        before, version = state(aggregate), aggregate.version
        pending = len(aggregate._pending_events)
        try:
            step(aggregate)
        except DomainError:
            assert state(aggregate) == before, f"a refused {step} changed the state"
            assert len(aggregate._pending_events) == pending
        else:
            assert aggregate.version - version == len(aggregate._pending_events) - pending
        invariant(aggregate)
    events = aggregate.collect_events()
    assert [e.originator_version for e in events] == list(range(1, aggregate.version + 1))
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    assert replayed is not None and state(replayed) == state(aggregate)


def point_steps() -> st.SearchStrategy[Step]:
    stand = st.builds(Stand, peildatum=DATES, tekst=TEXT, signaal=st.sampled_from([*Voortgangssignaal, "x"]))
    planning = st.builds(Planning, gereed=DATES, precisie=st.sampled_from([*PRECISIES, "eeuw"]))
    kosten = st.builds(
        Kosten, bedrag=st.one_of(st.none(), MONEY), begrotingsjaar=st.one_of(st.none(), st.integers(1900, 2200))
    )
    step_id = st.sampled_from(["1", "2", "3", "x"])
    return st.one_of(
        st.builds(lambda s: lambda p: p.werk_stand_bij(s, TODAY), stand),
        st.builds(lambda pl: lambda p: p.leg_planning_vast(pl), planning),
        st.builds(lambda k: lambda p: p.leg_kosten_vast(k), kosten),
        st.builds(lambda t, i: lambda p: p.leg_resultaat_vast(t, i), TEXT, st.lists(TEXT, max_size=3)),
        st.builds(lambda t: lambda p: p.voeg_deelstap_toe(t, None), TEXT),
        st.builds(lambda i, d: lambda p: p.rond_deelstap_af(i, d, TODAY), step_id, DATES),
        st.builds(lambda v: lambda p: p.herorden_deelstappen(v), st.lists(step_id, max_size=4)),
        st.builds(lambda n: lambda p: p.wijzig_status(n), st.sampled_from([*ALLOWED_FROM, "onzin"])),
        st.builds(lambda t: lambda p: p.formuleer_doel(t, None), TEXT),
    )


def point_invariant(p: Ontwikkelpunt) -> None:
    assert p.status in (CONCEPT, *ALLOWED_FROM)
    if p.status not in (CONCEPT, "vervallen"):
        assert p.beoogd_resultaat is not None and p.planning is not None
    assert len(p.deelstappen) <= MAX_DEELSTAPPEN and sorted(p.volgorde) == sorted(p.deelstappen)


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(point_steps(), max_size=25))
def test_random_commands_never_break_an_ontwikkelpunt(steps: list[Step]) -> None:
    punt = Ontwikkelpunt.voeg_toe(
        id=uuid5(NAMESPACE_URL, "p"), plan_id=uuid5(NAMESPACE_URL, "plan"), gemeente="GM0307", periode="2025-2027",
        template_versie=CURRENT_VERSION, basisfunctie=1, thema="BF1-06", doel="Doel", zelfscan_link=None,
        kolommen=Kolommen(), vandaag=TODAY,
    )  # fmt: skip
    run(punt, steps, point_invariant)


def milestone_steps() -> st.SearchStrategy[Step]:
    reden = st.sampled_from([*REDEN_CATEGORIEEN, "?"])
    return st.one_of(
        st.builds(
            lambda d, pr, c, r: lambda m: m.verplaats(d, pr, c, r),
            DATES,
            st.sampled_from([*PRECISIES, "x"]),
            reden,
            TEXT,
        ),
        st.builds(lambda d: lambda m: m.behaal(d), DATES),
        st.builds(lambda r: lambda m: m.laat_vervallen(r), TEXT),
    )


def milestone_invariant(m: Mijlpaal) -> None:
    assert not (m.actual is not None and m.vervallen), "behaald and vervallen at once"
    assert m.forecast is not None and m.baseline is not None


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(milestone_steps(), max_size=20))
def test_random_commands_never_break_a_mijlpaal(steps: list[Step]) -> None:
    mijlpaal = Mijlpaal.plan(
        titel="M", soort="overleg", eigenaar_soort="programma", eigenaar_id="p1", programma="p1", project=None,
        datum=dt.date(2025, 9, 1), precisie="dag",
    )  # fmt: skip
    run(mijlpaal, steps, milestone_invariant)


def budget_steps() -> st.SearchStrategy[Step]:
    jaar = st.sampled_from([2024, 2025, 2026, 1999])
    bedragen = st.dictionaries(jaar, MONEY, max_size=3)
    return st.one_of(
        st.builds(
            lambda c, pm, b, ok: lambda x: x.leg_regel_vast(c, "Taak", "", pm, b, ok),
            st.sampled_from(["a", "b", " "]), st.booleans(), bedragen, st.booleans(),
        ),
        st.builds(lambda d, t: lambda x: x.stel_vast(d, None, t), DATES, st.one_of(st.none(), MONEY)),
        st.builds(lambda n, b: lambda x: x.voeg_financieringsbron_toe(n, b, ""), TEXT, st.one_of(st.none(), MONEY)),
        st.builds(lambda r, h, b: lambda x: x.boek_realisatie(r, h, b), st.sampled_from(["a", "b"]),
                  st.sampled_from(["2025-H1", "2026-H2", "2030-H1", "x"]), MONEY),
    )  # fmt: skip


def budget_invariant(b: Begroting) -> None:
    for regel in b.regels.values():
        assert all(j in b.jaren and geldig_bedrag(v) for j, v in regel.items())
    assert b.totaal() == sum((b.regel_totaal(c) for c in b.regels if not b.pm.get(c)), Decimal(0))


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(budget_steps(), max_size=20))
def test_random_commands_never_break_a_begroting(steps: list[Step]) -> None:
    run(Begroting.stel_op("p1", [2025, 2026]), steps, budget_invariant)


def besluit_steps() -> st.SearchStrategy[Step]:
    overleg = uuid5(NAMESPACE_URL, "overleg")
    return st.one_of(
        st.builds(lambda a, s, p, d: lambda b: b.geef_advies(a, s, p, None, d), TEXT,
                  st.sampled_from([*AdviseurSoort, "x"]), st.sampled_from([*Standpunt, "x"]), DATES),
        st.builds(lambda s, o: lambda b: b.koppel(s, o), st.sampled_from([*KoppelSoort, "x"]), TEXT),
        st.builds(lambda g, d: lambda b: b.agendeer(overleg, g, d), st.sampled_from(["bo", "ao"]), DATES),
        st.builds(lambda d, r: lambda b: b.houd_aan(d, r), st.one_of(st.none(), DATES), TEXT),
        st.builds(lambda n, r: lambda b: b.leid_door(n, None, r), st.sampled_from(["bo", "ao"]), TEXT),
    )  # fmt: skip


def besluit_invariant(b: Besluit) -> None:
    assert BesluitStatus.has(b.status)


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(besluit_steps(), max_size=20))
def test_random_commands_never_break_a_besluit(steps: list[Step]) -> None:
    besluit = Besluit.stel_voor(
        regio="r1", kenmerk="B-1", onderwerp="Onderwerp", gremium="bo", beslispunten=["akkoord"]
    )
    run(besluit, steps, besluit_invariant)

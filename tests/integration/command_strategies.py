"""Random command sequences for property tests, one small strategy per area.

A :class:`Step` calls one command service method; invalid steps (unknown
object, duplicate, wrong version) simply raise a domain error and change
nothing, which is part of what the properties must survive. Values come from
tiny pools so that steps hit the same objects. To cover a new area, write a
function returning a ``SearchStrategy[Step]`` and add it to :data:`AREAS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from hypothesis import strategies as st

from domain.catalogue import CURRENT_VERSION
from domain.errors import DomainError
from domain.ontwikkelpunt import ALLOWED_FROM, Kolommen
from domain.plan_values import Planning, Stand
from domain.principal import Principal
from domain.vocabulary import Voortgangssignaal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan, StelOntwikkelplanVast
from service.commands.plans.ontwikkelpunt import (
    LegBeoogdResultaatVast,
    LegPlanningVast,
    PuntWijziging,
    VoegOntwikkelpuntToe,
    WerkStandVanZakenBij,
    WijzigOntwikkelpuntStatus,
)
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast, WerkRegionaleVoortgangBij
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.commands.registry import Commands

PB = Principal(actor_id="prop-pb", name="Programmabureau", roles=frozenset({"programmabureau"}))

REGIOS = ("r1", "r2")
GEMEENTEN = ("GM0001", "GM0002", "GM0003")
NAMEN = ("Aa", "Bé", "Cee")
STATUSSEN = tuple(ALLOWED_FROM)


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[Commands, Envelope], object]
    random_envelope: bool = True

    def __repr__(self) -> str:
        return self.label


def apply(commands: Commands, step: Step, command: Envelope) -> bool:
    """Run a step; True when it was accepted."""
    try:
        step.run(commands, command)
    except DomainError:
        return False
    return True


def commands_envelope() -> st.SearchStrategy[Envelope]:
    keys = st.sampled_from([None, None, None, None, "k1"])
    reasons = st.one_of(st.none(), st.sampled_from(["omdat", "besluit AB"]))
    return st.builds(
        lambda k, t: Envelope(principal=PB, request_id="prop", toelichting=t, idempotency_key=k), keys, reasons
    )


def regio_steps() -> st.SearchStrategy[Step]:
    regio = st.builds(
        lambda code, naam: Step(
            f"registreer_regio({code},{naam})", lambda c, cmd: c.run(cmd, RegistreerRegio(code=code, naam=naam))
        ),
        st.sampled_from(REGIOS),
        st.sampled_from(NAMEN),
    )
    gemeente = st.builds(
        lambda r, g, naam, v: Step(
            f"registreer_gemeente({r},{g},{naam},{v})",
            lambda c, cmd: c.run(cmd, RegistreerGemeente(regio=r, code=g, naam=naam, expected_version=v)),
        ),
        st.sampled_from(REGIOS),
        st.sampled_from(GEMEENTEN),
        st.sampled_from(NAMEN),
        st.one_of(st.none(), st.integers(1, 3)),
    )
    return st.one_of(regio, regio, gemeente, gemeente, gemeente)


PERIODE = "2025-2027"
PUNTEN = tuple(uuid5(NAMESPACE_URL, f"punt-{i}") for i in range(3))
REGIONAAL = tuple(uuid5(NAMESPACE_URL, f"regionaal-{i}") for i in range(2))
DATUMS = st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PLAN_GEMEENTEN = st.sampled_from(("GM0001", "GM0001", "GM0002"))
STANDEN = st.builds(
    Stand,
    peildatum=DATUMS,
    tekst=st.sampled_from(["loopt", "vertraagd"]),
    signaal=st.sampled_from(list(Voortgangssignaal)),
)


def _point_edit(name: str, command: Callable[[UUID], PuntWijziging]) -> Callable[[UUID], Step]:
    return lambda pid: Step(f"{name}({pid.hex[:4]})", lambda c, cmd: c.run(cmd, command(pid)))


def add_point(c: Commands, cmd: Envelope, gemeente: str, pid: UUID) -> object:
    return c.run(
        cmd,
        VoegOntwikkelpuntToe(
            gemeente=gemeente,
            periode=PERIODE,
            basisfunctie=1,
            thema="BF1-01",
            doel="doel",
            zelfscan_link=None,
            kolommen=Kolommen(),
            punt_id=pid,
        ),
    )


def plan_steps() -> st.SearchStrategy[Step]:
    maak = st.builds(
        lambda r, g: Step(
            f"maak_plan({r},{g})",
            lambda c, cmd: c.run(
                cmd, MaakOntwikkelplan(regio=r, gemeente=g, periode=PERIODE, template_versie=CURRENT_VERSION)
            ),
        ),
        st.sampled_from(REGIOS),
        st.sampled_from(GEMEENTEN),
    )
    vast = st.builds(
        lambda g, d: Step(
            f"stel_plan_vast({g},{d})",
            lambda c, cmd: c.run(cmd, StelOntwikkelplanVast(gemeente=g, periode=PERIODE, datum=d)),
        ),
        PLAN_GEMEENTEN,
        DATUMS,
    )
    punt = st.builds(
        lambda g, pid: Step(f"voeg_punt_toe({g},{pid.hex[:4]})", lambda c, cmd: add_point(c, cmd, g, pid)),
        PLAN_GEMEENTEN,
        st.sampled_from(PUNTEN),
    )
    edits = st.one_of(
        st.builds(lambda s: _point_edit("werkStandBij", lambda p: WerkStandVanZakenBij(punt=p, stand=s)), STANDEN),
        st.builds(
            lambda n: _point_edit(f"status_{n}", lambda p: WijzigOntwikkelpuntStatus(punt=p, status=n)),
            st.sampled_from(STATUSSEN),
        ),
        st.just(
            _point_edit(
                "resultaat", lambda p: LegBeoogdResultaatVast(punt=p, beoogd_resultaat="resultaat", indicatoren=[])
            )
        ),
        st.builds(
            lambda d: _point_edit(
                "planning", lambda p: LegPlanningVast(punt=p, planning=Planning(gereed=d, precisie="maand"))
            ),
            DATUMS,
        ),
    )
    edit = st.builds(lambda make, pid: make(pid), edits, st.sampled_from((PUNTEN[0], *PUNTEN)))
    return st.one_of(maak, vast, punt, edit, edit, edit, edit, regional_steps())


def regional_steps() -> st.SearchStrategy[Step]:
    vast = st.builds(
        lambda r, pid: Step(
            f"regionaal_punt({r},{pid.hex[:4]})",
            lambda c, cmd: c.run(cmd, StelRegionaalOntwikkelpuntVast(
                regio=r, basisfunctie=1, thema="BF1-01", doel="doel", beoogd_resultaat="r", indicatoren=[], punt_id=pid
            )),
        ),
        st.sampled_from(REGIOS),
        st.sampled_from(REGIONAAL),
    )  # fmt: skip
    voortgang = st.builds(
        lambda pid, g, s: Step(
            f"regionale_voortgang({pid.hex[:4]},{g})",
            lambda c, cmd: c.run(
                cmd, WerkRegionaleVoortgangBij(punt=pid, gemeente=g, stand=s, uitvoerder=None, planning=None)
            ),
        ),
        st.sampled_from(REGIONAAL),
        st.sampled_from(GEMEENTEN),
        STANDEN,
    )
    return st.one_of(vast, voortgang)


def governance_steps() -> st.SearchStrategy[Step]:
    from tests.integration.command_strategies_more import governance_steps as steps

    return steps()


def programme_steps() -> st.SearchStrategy[Step]:
    from tests.integration.command_strategies_more import programme_steps as steps

    return steps()


def finance_steps() -> st.SearchStrategy[Step]:
    from tests.integration.command_strategies_more import finance_steps as steps

    return steps()


AREAS: list[Callable[[], st.SearchStrategy[Step]]] = [
    regio_steps,
    plan_steps,
    governance_steps,
    programme_steps,
    finance_steps,
]
"""Every area's step strategy; a new area is one line here."""


def any_step() -> st.SearchStrategy[Step]:
    return st.one_of(*(area() for area in AREAS))


def _setup_gemeente(code: str) -> Step:
    return Step(
        f"setup_gemeente({code})",
        lambda c, cmd: c.run(cmd, RegistreerGemeente(regio="r1", code=code, naam=code)),
        False,
    )


SETUP = (
    Step("setup_regio(r1)", lambda c, cmd: c.run(cmd, RegistreerRegio(code="r1", naam="Regio één")), False),
    *(_setup_gemeente(g) for g in GEMEENTEN[:2]),
    Step(
        "setup_plan",
        lambda c, cmd: c.run(
            cmd, MaakOntwikkelplan(regio="r1", gemeente="GM0001", periode=PERIODE, template_versie=CURRENT_VERSION)
        ),
        False,
    ),
    Step("setup_punt", lambda c, cmd: add_point(c, cmd, "GM0001", PUNTEN[0]), False),
)
"""A common start that most examples get, so later steps have objects to act on."""


def sequences(max_size: int = 12) -> st.SearchStrategy[list[Step]]:
    """A random command sequence, usually after :data:`SETUP`."""
    from tests.integration.command_strategies_more import SETUP_MORE

    full = [*SETUP, *SETUP_MORE]
    prefix = st.sampled_from([full, full, list(SETUP), []])
    return st.builds(lambda a, b: a + b, prefix, st.lists(any_step(), min_size=4, max_size=max_size))

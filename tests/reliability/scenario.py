"""A small world for the attacks: regio Amersfoort with two gemeenten, a
concept plan of GM0307 with one point, programme ``p1`` with a milestone and a
budget (one line, not yet vastgesteld)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from domain.catalogue import CURRENT_VERSION
from domain.ontwikkelpunt import Kolommen
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.programme.begroting import LegBegrotingsregelVast, StelBegrotingOp
from service.commands.programme.mijlpalen import PlanMijlpaal
from service.commands.programme.programma import StartProgramma
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.commands.registry import Commands
from service.graphql.relay import to_global_id

PB = Principal("rel-pb", "PB", frozenset({"programmabureau"}))
GEMEENTE = Principal("rel-gm0307", "GM", frozenset({"gemeente"}), gemeente="GM0307")


@dataclass(frozen=True)
class World:
    punt: UUID
    mijlpaal: UUID
    position: int

    @property
    def punt_gid(self) -> str:
        return to_global_id("Ontwikkelpunt", str(self.punt))


def build_world(commands: Commands) -> World:
    pb, gm = Envelope(principal=PB), Envelope(principal=GEMEENTE)
    commands.run(pb, RegistreerRegio(code="amersfoort", naam="Regio Amersfoort"))
    for code in ("GM0307", "GM0308"):
        commands.run(pb, RegistreerGemeente(regio="amersfoort", code=code, naam=code))
    commands.run(
        gm,
        MaakOntwikkelplan(regio="amersfoort", gemeente="GM0307", periode="2025-2027", template_versie=CURRENT_VERSION),
    )
    punt = commands.run(
        gm,
        VoegOntwikkelpuntToe(
            gemeente="GM0307",
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel="Doel",
            zelfscan_link=None,
            kolommen=Kolommen(),
        ),
    )
    commands.run(
        pb,
        StartProgramma(
            code="p1",
            naam="Programma",
            regio="amersfoort",
            periode_start=dt.date(2025, 1, 1),
            periode_eind=dt.date(2027, 12, 31),
            doelen=["doel"],
            opdrachtgevers=["GM0307"],
        ),
    )
    mijlpaal = commands.run(
        pb,
        PlanMijlpaal(
            titel="Mijlpaal",
            soort="overleg",
            eigenaar_soort="programma",
            eigenaar="p1",
            datum=dt.date(2025, 9, 1),
            precisie="dag",
            omschrijving="",
        ),
    )
    commands.run(pb, StelBegrotingOp(programma="p1", jaren=[2025, 2026]))
    last = commands.run(
        pb,
        LegBegrotingsregelVast(
            programma="p1", code="team", taak="Team", invulling="", pm=False, bedragen={2025: Decimal("100.00")}
        ),
    )
    return World(punt=punt.aggregate_id, mijlpaal=mijlpaal.aggregate_id, position=last.position)

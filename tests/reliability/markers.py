"""Marker objects for the visibility tests (issue 12): on top of the demo data,
unique texts and ids in the concept plan of GM0317 (Eemnes) and in a concept
point of the vastgesteld plan of GM0307 (Amersfoort), with everything that can
link to them: deelstap, stand van zaken, a milestone on the point, local
progress on a regional point, a besluit link, a besluit effect and an agenda
item. Only the own gemeente and the readers of everything may ever see them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg

from domain.besluit import besluit_id
from domain.ontwikkelpunt import Deelstap, Kolommen
from domain.plan_values import Stand
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.governance.besluit import KoppelBesluit
from service.commands.governance.overleg import AgendeerPunt, PlanOverleg
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.plans.regionaal import WerkRegionaleVoortgangBij
from service.commands.programme.mijlpalen import PlanMijlpaal
from service.commands.registry import Commands
from service.graphql.relay import to_global_id

CONCEPT_PLAN, CONCEPT_POINT = "GM0317", "GM0307"
"""GM0317's plan is concept in the demo data; GM0307's is vastgesteld."""
OTHER = "GM0308"
"""A gemeente that may see neither."""
BOSD = str(besluit_id("amersfoort", "AMF-BOSD-2025-03"))
PB = Principal("marker-pb", "PB", frozenset({"programmabureau"}))


@dataclass
class Hidden:
    """What one gemeente hides from the others: its texts and ids."""

    gemeente: str
    punt: UUID
    mijlpaal: UUID
    texts: list[str] = field(default_factory=list)

    @property
    def punt_gid(self) -> str:
        return str(to_global_id("Ontwikkelpunt", str(self.punt)))

    @property
    def mijlpaal_gid(self) -> str:
        return str(to_global_id("Mijlpaal", str(self.mijlpaal)))

    @property
    def ids(self) -> list[str]:
        return [str(self.punt), self.punt_gid, str(self.mijlpaal), self.mijlpaal_gid]

    @property
    def markers(self) -> list[str]:
        return self.texts + self.ids


@dataclass
class Markers:
    hidden: dict[str, Hidden]
    regionaal: UUID
    overleg: UUID | None
    seeded_at: dt.datetime
    """An instant after every marker was recorded (for ``asOf`` in the past)."""

    def hidden_from(self, gemeente: str | None) -> list[Hidden]:
        return [h for g, h in self.hidden.items() if g != gemeente]


def _text(tag: str, gemeente: str) -> str:
    return f"MARKER-{tag}-{gemeente}-{uuid.uuid4().hex[:8]}"


def _seed_one(commands: Commands, gemeente: str, regionaal: UUID, overleg: UUID | None) -> Hidden:
    gm = Principal(f"marker-{gemeente}", "GM", frozenset({"gemeente"}), gemeente=gemeente)
    doel, stap, stand = _text("doel", gemeente), _text("deelstap", gemeente), _text("stand", gemeente)
    kolommen = Kolommen(
        deelstappen=[Deelstap(stap)], stand=Stand(peildatum=dt.date(2025, 6, 1), tekst=stand, signaal="op_koers")
    )
    punt = commands.run(
        Envelope(principal=gm, besluit_id=BOSD),
        VoegOntwikkelpuntToe(
            gemeente=gemeente,
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel=doel,
            zelfscan_link=None,
            kolommen=kolommen,
        ),
    ).aggregate_id
    titel, omschrijving = _text("mijlpaal", gemeente), _text("mijlpaal-omschrijving", gemeente)
    mijlpaal = commands.run(
        Envelope(principal=PB),
        PlanMijlpaal(
            titel=titel,
            soort="overleg",
            eigenaar_soort="ontwikkelpunt",
            eigenaar=str(punt),
            datum=dt.date(2026, 3, 1),
            precisie="dag",
            omschrijving=omschrijving,
        ),
    ).aggregate_id
    voortgang = _text("voortgang", gemeente)
    commands.run(
        Envelope(principal=gm),
        WerkRegionaleVoortgangBij(
            punt=regionaal,
            gemeente=gemeente,
            stand=Stand(peildatum=dt.date(2025, 6, 2), tekst=voortgang, signaal="achter"),
            uitvoerder=None,
            planning=None,
        ),
    )
    commands.run(Envelope(principal=PB), KoppelBesluit(besluit=UUID(BOSD), soort="ontwikkelpunt", object_id=str(punt)))
    texts = [doel, stap, stand, titel, omschrijving]
    if gemeente == CONCEPT_PLAN:  # progress of a gemeente whose plan is concept (the first case)
        texts.append(voortgang)
    if overleg is not None:
        onderwerp = _text("agenda", gemeente)
        commands.run(
            Envelope(principal=PB),
            AgendeerPunt(
                overleg=overleg, onderwerp=onderwerp, soort="ontwikkelpunt", ref_id=str(punt), terugkerend=False
            ),
        )
        texts.append(onderwerp)
    return Hidden(gemeente=gemeente, punt=punt, mijlpaal=mijlpaal, texts=texts)


def _one(conn: psycopg.Connection[Any], query: str) -> Any:
    row = conn.execute(query).fetchone()
    return row[0] if row else None


def seed_markers(commands: Commands, url: str) -> Markers:
    with psycopg.connect(url) as conn:
        regionaal = _one(
            conn, "SELECT punt_id FROM regionaal_punt_view WHERE sys_to IS NULL AND regio = 'amersfoort' LIMIT 1"
        )
        overleg = _one(
            conn,
            "SELECT overleg_id FROM overleg_view WHERE sys_to IS NULL AND regio = 'amersfoort'"
            " AND status = 'gepland' ORDER BY datum LIMIT 1",
        )
    if overleg is None:
        overleg = commands.run(
            Envelope(principal=PB), PlanOverleg(gremium="amf-bosd", datum=dt.date(2026, 9, 1), locatie=None)
        ).aggregate_id
    hidden = {g: _seed_one(commands, g, regionaal, overleg) for g in (CONCEPT_PLAN, CONCEPT_POINT)}
    return Markers(hidden=hidden, regionaal=regionaal, overleg=overleg, seeded_at=dt.datetime.now(dt.UTC))

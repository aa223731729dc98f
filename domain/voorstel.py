"""A voorstel (proposal) as it passes through bodies.

The same proposal may be dealt with by several bodies (seed 003: the plan van
aanpak went to the SSD on 10 February and to the BOSD on 24 February). This
small aggregate remembers which body dealt with it, with which besluit and
outcome, so the mandate rules can check the order ("SSD before BOSD").
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.ids import natural_id
from domain.vocabulary import BesluitStatus

AFGEHANDELD = (BesluitStatus.GENOMEN, BesluitStatus.VERWORPEN)


def voorstel_id(regio: str, referentie: str) -> UUID:
    return natural_id("voorstel", f"{regio}\x00{referentie}")


class Voorstel(VoortgangAggregate):
    class Geopend(VoortgangAggregate.Created):
        regio: str
        referentie: str

    class Behandeld(VoortgangAggregate.Event):
        gremium: str
        besluit: str
        uitkomst: str
        datum: dt.date

    @staticmethod
    def create_id(regio: str, referentie: str, **_: Any) -> UUID:
        return voorstel_id(regio, referentie)

    @event(Geopend)
    def __init__(self, regio: str, referentie: str) -> None:
        self.regio = regio
        self.referentie = referentie
        self.behandelingen: list[dict[str, Any]] = []

    def behandeld_door(self, gremium: str, uiterlijk: dt.date) -> bool:
        """Did ``gremium`` deal with this proposal (genomen or verworpen) on or before ``uiterlijk``?"""
        return any(
            b["gremium"] == gremium and b["uitkomst"] in AFGEHANDELD and b["datum"] <= uiterlijk
            for b in self.behandelingen
        )

    def registreer(self, gremium: str, besluit: UUID, uitkomst: str, datum: dt.date) -> None:
        self._behandeld(gremium=gremium, besluit=str(besluit), uitkomst=uitkomst, datum=datum)

    @event(Behandeld)
    def _behandeld(self, gremium: str, besluit: str, uitkomst: str, datum: dt.date) -> None:
        self.behandelingen.append({"gremium": gremium, "besluit": besluit, "uitkomst": uitkomst, "datum": datum})

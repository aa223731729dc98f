"""Regional ontwikkelpunten: adopted by the programme office (optionally on
the authority of a besluit, carried in the events' ``besluit_id``) and present
in every local plan of the regio. Each gemeente reports its own progress on a
regional point in an aggregate of its own, with the natural id
(point, gemeente), so two gemeenten never conflict and no gemeente can change
the point's content."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.catalogue import CURRENT_VERSION
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import natural_id
from domain.ontwikkelpunt import StandenLog, check_plaats, check_resultaat
from domain.plan_values import Planning, Stand, check_text

ACTIEF = "actief"
VERVALLEN = "vervallen"


def voortgang_id(punt_id: UUID, gemeente: str) -> UUID:
    return natural_id("regionale-voortgang", f"{punt_id}:{gemeente}")


class RegionaalOntwikkelpunt(VoortgangAggregate):
    """The content of a regional point; only the programme office changes it."""

    class Vastgesteld(VoortgangAggregate.Created):
        regio: str
        basisfunctie: int
        thema: str
        doel: str
        beoogd_resultaat: str
        indicatoren: list[str]
        template_versie: str

    class Herformuleerd(VoortgangAggregate.Event):
        doel: str
        beoogd_resultaat: str
        indicatoren: list[str]

    class Vervallen(VoortgangAggregate.Event):
        pass

    @classmethod
    def stel_vast(
        cls,
        *,
        id: UUID,  # noqa: A002
        regio: str,
        basisfunctie: int | None,
        thema: str,
        doel: str,
        beoogd_resultaat: str,
        indicatoren: list[str],
        template_versie: str = CURRENT_VERSION,
    ) -> RegionaalOntwikkelpunt:
        problems = ProblemCollector()
        basisfunctie = check_plaats(problems, template_versie, basisfunctie, thema)
        check_text(problems, doel, "doel", required=True)
        check_resultaat(problems, beoogd_resultaat, indicatoren, required=True)
        problems.raise_if_any()
        punt = cls._create(
            cls.Vastgesteld,
            id=id,
            regio=regio,
            basisfunctie=basisfunctie,
            thema=thema,
            doel=doel.strip(),
            beoogd_resultaat=beoogd_resultaat.strip(),
            indicatoren=[i.strip() for i in indicatoren],
            template_versie=template_versie,
        )
        assert isinstance(punt, RegionaalOntwikkelpunt)
        return punt

    @event(Vastgesteld)
    def __init__(
        self,
        regio: str,
        basisfunctie: int,
        thema: str,
        doel: str,
        beoogd_resultaat: str,
        indicatoren: list[str],
        template_versie: str,
    ) -> None:
        self.regio = regio
        self.status = ACTIEF

    def herformuleer(self, doel: str, beoogd_resultaat: str, indicatoren: list[str]) -> None:
        if self.status != ACTIEF:
            raise InvalidTransition("een vervallen regionaal ontwikkelpunt verandert niet meer")
        problems = ProblemCollector()
        check_text(problems, doel, "doel", required=True)
        check_resultaat(problems, beoogd_resultaat, indicatoren, required=True)
        problems.raise_if_any()
        self._herformuleerd(
            doel=doel.strip(), beoogd_resultaat=beoogd_resultaat.strip(), indicatoren=[i.strip() for i in indicatoren]
        )

    @event(Herformuleerd)
    def _herformuleerd(self, doel: str, beoogd_resultaat: str, indicatoren: list[str]) -> None:
        pass

    def laat_vervallen(self) -> None:
        if self.status != ACTIEF:
            raise InvalidTransition("dit regionale ontwikkelpunt is al vervallen")
        self._vervallen()

    @event(Vervallen)
    def _vervallen(self) -> None:
        self.status = VERVALLEN


class LokaleVoortgang(StandenLog, VoortgangAggregate):
    """One gemeente's progress on one regional point: its stand van zaken
    (append-only, the first is the baseline), uitvoerder and planning."""

    class Gestart(VoortgangAggregate.Created):
        punt_id: UUID
        regio: str
        gemeente: str

    class StandVanZakenBijgewerkt(VoortgangAggregate.Event):
        volgnummer: int
        peildatum: dt.date
        tekst: str
        signaal: str
        auteur: str
        baseline: bool

    class UitvoerderVastgelegd(VoortgangAggregate.Event):
        uitvoerder: str

    class PlanningVastgelegd(VoortgangAggregate.Event):
        start: dt.date | None
        gereed: dt.date
        precisie: str

    @staticmethod
    def create_id(punt_id: UUID, regio: str, gemeente: str) -> UUID:
        return voortgang_id(punt_id, gemeente)

    @event(Gestart)
    def __init__(self, punt_id: UUID, regio: str, gemeente: str) -> None:
        self.punt_id = punt_id
        self.gemeente = gemeente
        self.standen = 0

    def werk_bij(
        self, stand: Stand | None, uitvoerder: str | None, planning: Planning | None, vandaag: dt.date
    ) -> None:
        """Report what is given; every problem is reported at once."""
        problems = ProblemCollector()
        problems.require(
            stand is not None or uitvoerder is not None or planning is not None, "input", "geef iets om bij te werken"
        )
        if stand is not None:
            stand.check(problems, vandaag)
        if uitvoerder is not None:
            check_text(problems, uitvoerder, "uitvoerder", required=True)
        if planning is not None:
            planning.check(problems)
        problems.raise_if_any()
        if uitvoerder is not None:
            self._uitvoerder(uitvoerder=uitvoerder.strip())
        if planning is not None:
            self._planning(**planning.as_event())
        if stand is not None:
            self._record_stand(stand)

    @event(UitvoerderVastgelegd)
    def _uitvoerder(self, uitvoerder: str) -> None:
        pass

    @event(PlanningVastgelegd)
    def _planning(self, start: dt.date | None, gereed: dt.date, precisie: str) -> None:
        pass

    @event(StandVanZakenBijgewerkt)
    def _stand(
        self, volgnummer: int, peildatum: dt.date, tekst: str, signaal: str, auteur: str, baseline: bool
    ) -> None:
        self.standen = volgnummer

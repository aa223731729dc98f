"""An ontwikkelpunt of a local plan: the eight columns of seed 000 (line 268)
and a lifecycle. One aggregate per point, so edits to different points never
conflict; each kind of change is its own event, so the history shows who
changed which column, when and why (the ``toelichting`` of the command)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate, current_meta
from domain.catalogue import template
from domain.errors import InvalidTransition, ProblemCollector
from domain.plan_values import Kosten, Planning, Stand, check_text, clean
from domain.vocabulary import OntwikkelpuntStatus

CONCEPT, VASTGESTELD, IN_UITVOERING, AFGEROND, VERVALLEN = (
    OntwikkelpuntStatus.CONCEPT,
    OntwikkelpuntStatus.VASTGESTELD,
    OntwikkelpuntStatus.IN_UITVOERING,
    OntwikkelpuntStatus.AFGEROND,
    OntwikkelpuntStatus.VERVALLEN,
)
FINAL = (AFGEROND, VERVALLEN)
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    VASTGESTELD: (CONCEPT,),
    IN_UITVOERING: (VASTGESTELD,),
    AFGEROND: (VASTGESTELD, IN_UITVOERING),
    VERVALLEN: (CONCEPT, VASTGESTELD, IN_UITVOERING),
}
MAX_DEELSTAPPEN = 50


@dataclass(frozen=True)
class Deelstap:
    tekst: str
    gepland: dt.date | None = None


@dataclass(frozen=True)
class Kolommen:
    """The columns an ontwikkelpunt may be given when it is added."""

    beoogd_resultaat: str | None = None
    indicatoren: list[str] = field(default_factory=list)
    anders_leren_doen: str | None = None
    verbeteractie: str | None = None
    deelstappen: list[Deelstap] = field(default_factory=list)
    kosten: Kosten | None = None
    uitvoerder: str | None = None
    planning: Planning | None = None
    stand: Stand | None = None

    def check(self, problems: ProblemCollector, vandaag: dt.date) -> None:
        check_resultaat(problems, self.beoogd_resultaat, self.indicatoren, required=False)
        check_text(problems, self.anders_leren_doen, "andersLerenDoen")
        check_text(problems, self.verbeteractie, "verbeteractie")
        for i, stap in enumerate(self.deelstappen):
            check_text(problems, stap.tekst, f"deelstappen[{i}].tekst", required=True)
        problems.require(len(self.deelstappen) <= MAX_DEELSTAPPEN, "deelstappen", f"hooguit {MAX_DEELSTAPPEN}")
        if self.kosten is not None:
            self.kosten.check(problems)
        check_text(problems, self.uitvoerder, "uitvoerder")
        if self.planning is not None:
            self.planning.check(problems)
        if self.stand is not None:
            self.stand.check(problems, vandaag)


def check_resultaat(
    problems: ProblemCollector, resultaat: str | None, indicatoren: list[str], *, required: bool
) -> None:
    check_text(problems, resultaat, "beoogdResultaat", required=required)
    for i, indicator in enumerate(indicatoren):
        check_text(problems, indicator, f"indicatoren[{i}]", required=True)
    problems.require(len(indicatoren) <= 20, "indicatoren", "hooguit 20")


def check_plaats(problems: ProblemCollector, template_versie: str, basisfunctie: int | None, thema: str) -> int:
    """The basisfunctie of ``thema`` (the catalogue's); a given one must agree, else both fields are named."""
    tabel = template(template_versie).tabel(thema)
    problems.require(tabel is not None, "thema", "geen ontwikkelpunt-tabel van het template")
    if tabel is None:
        return basisfunctie or 0
    if basisfunctie is not None and basisfunctie != tabel.basisfunctie:
        problems.add("basisfunctie", f"thema {thema} hoort bij basisfunctie {tabel.basisfunctie}, niet {basisfunctie}")
        problems.add(
            "thema", f"hoort niet bij basisfunctie {basisfunctie} (laat basisfunctie leeg om haar af te leiden)"
        )
    return tabel.basisfunctie


class StandenLog:
    """Column 8, the stand van zaken: append-only, numbered, the first is the baseline
    (an ontwikkelpunt and a gemeente's progress on a regional point both keep one). The
    caller checks the stand; each aggregate records it with its own event (``_stand``)."""

    standen: int

    def _record_stand(self, stand: Stand) -> int:
        volgnummer = self.standen + 1
        self._stand(
            volgnummer=volgnummer,
            peildatum=stand.peildatum,
            tekst=stand.tekst.strip(),
            signaal=stand.signaal,
            auteur=current_meta().actor_id,
            baseline=volgnummer == 1,
        )
        return volgnummer

    def _stand(
        self, volgnummer: int, peildatum: dt.date, tekst: str, signaal: str, auteur: str, baseline: bool
    ) -> None:
        raise NotImplementedError


class Ontwikkelpunt(StandenLog, VoortgangAggregate):
    """One row of a local ontwikkelplan."""

    class Toegevoegd(VoortgangAggregate.Created):
        plan_id: UUID
        gemeente: str
        periode: str
        basisfunctie: int
        thema: str
        doel: str
        zelfscan_link: str | None

    class DoelGeformuleerd(VoortgangAggregate.Event):
        doel: str
        zelfscan_link: str | None

    class BeoogdResultaatVastgelegd(VoortgangAggregate.Event):
        beoogd_resultaat: str
        indicatoren: list[str]

    class AndersLerenDoenVastgelegd(VoortgangAggregate.Event):
        tekst: str

    class VerbeteractieOmschreven(VoortgangAggregate.Event):
        omschrijving: str

    class DeelstapToegevoegd(VoortgangAggregate.Event):
        deelstap_id: str
        tekst: str
        gepland: dt.date | None

    class DeelstapHerformuleerd(VoortgangAggregate.Event):
        deelstap_id: str
        tekst: str

    class DeelstappenHerordend(VoortgangAggregate.Event):
        volgorde: list[str]

    class DeelstapAfgerond(VoortgangAggregate.Event):
        deelstap_id: str
        afgerond_op: dt.date

    class KostenVastgelegd(VoortgangAggregate.Event):
        bedrag: Decimal | None
        omschrijving: str | None
        dekking: str | None
        begrotingsjaar: int | None

    class UitvoerderVastgelegd(VoortgangAggregate.Event):
        uitvoerder: str

    class PlanningVastgelegd(VoortgangAggregate.Event):
        start: dt.date | None
        gereed: dt.date
        precisie: str

    class PlanningAangepast(PlanningVastgelegd):
        pass

    class StandVanZakenBijgewerkt(VoortgangAggregate.Event):
        volgnummer: int
        peildatum: dt.date
        tekst: str
        signaal: str
        auteur: str
        baseline: bool

    class Vastgesteld(VoortgangAggregate.Event):
        pass

    class InUitvoeringGenomen(VoortgangAggregate.Event):
        pass

    class Afgerond(VoortgangAggregate.Event):
        pass

    class Vervallen(VoortgangAggregate.Event):
        pass

    @classmethod
    def voeg_toe(
        cls,
        *,
        id: UUID,  # noqa: A002
        plan_id: UUID,
        gemeente: str,
        periode: str,
        template_versie: str,
        basisfunctie: int | None,
        thema: str,
        doel: str,
        zelfscan_link: str | None,
        kolommen: Kolommen,
        vandaag: dt.date,
    ) -> Ontwikkelpunt:
        """A new point with any columns given; every problem is reported at once."""
        problems = ProblemCollector()
        basisfunctie = check_plaats(problems, template_versie, basisfunctie, thema)
        check_text(problems, doel, "doel", required=True)
        check_text(problems, zelfscan_link, "zelfscanLink")
        kolommen.check(problems, vandaag)
        problems.raise_if_any()
        punt = cls._create(
            cls.Toegevoegd,
            id=id,
            plan_id=plan_id,
            gemeente=gemeente,
            periode=periode,
            basisfunctie=basisfunctie,
            thema=thema,
            doel=doel.strip(),
            zelfscan_link=clean(zelfscan_link),
        )
        assert isinstance(punt, Ontwikkelpunt)
        punt._vul(kolommen, vandaag)
        return punt

    def _vul(self, k: Kolommen, vandaag: dt.date) -> None:
        if k.beoogd_resultaat:
            self.leg_resultaat_vast(k.beoogd_resultaat, k.indicatoren)
        if k.anders_leren_doen:
            self.leg_anders_leren_doen_vast(k.anders_leren_doen)
        if k.verbeteractie:
            self.omschrijf_verbeteractie(k.verbeteractie)
        for stap in k.deelstappen:
            self.voeg_deelstap_toe(stap.tekst, stap.gepland)
        if k.kosten is not None:
            self.leg_kosten_vast(k.kosten)
        if k.uitvoerder:
            self.leg_uitvoerder_vast(k.uitvoerder)
        if k.planning is not None:
            self.leg_planning_vast(k.planning)
        if k.stand is not None:
            self.werk_stand_bij(k.stand, vandaag)

    @event(Toegevoegd)
    def __init__(
        self,
        plan_id: UUID,
        gemeente: str,
        periode: str,
        basisfunctie: int,
        thema: str,
        doel: str,
        zelfscan_link: str | None,
    ) -> None:
        self.plan_id = plan_id
        self.gemeente = gemeente
        self.periode = periode
        self.basisfunctie = basisfunctie
        self.thema = thema
        self.doel = doel
        self.zelfscan_link = zelfscan_link
        self.status = CONCEPT
        self.beoogd_resultaat: str | None = None
        self.planning: Planning | None = None
        self.deelstappen: dict[str, dt.date | None] = {}  # id -> afgerond_op
        self.volgorde: list[str] = []
        self.stappen_teller = 0
        self.standen = 0

    # -- guards -------------------------------------------------------------
    def _require_open(self) -> None:
        if self.status in FINAL:
            raise InvalidTransition(f"een {self.status} ontwikkelpunt verandert niet meer")

    def _require_deelstap(self, deelstap_id: str) -> None:
        problems = ProblemCollector()
        problems.require(deelstap_id in self.deelstappen, "deelstapId", "geen deelstap van dit ontwikkelpunt")
        problems.raise_if_any()

    # -- columns 1-3 -------------------------------------------------------------
    def formuleer_doel(self, doel: str, zelfscan_link: str | None) -> None:
        self._require_open()
        problems = ProblemCollector()
        check_text(problems, doel, "doel", required=True)
        check_text(problems, zelfscan_link, "zelfscanLink")
        problems.raise_if_any()
        self._doel(doel=doel.strip(), zelfscan_link=clean(zelfscan_link))

    @event(DoelGeformuleerd)
    def _doel(self, doel: str, zelfscan_link: str | None) -> None:
        self.doel = doel
        self.zelfscan_link = zelfscan_link

    def leg_resultaat_vast(self, beoogd_resultaat: str, indicatoren: list[str]) -> None:
        self._require_open()
        problems = ProblemCollector()
        check_resultaat(problems, beoogd_resultaat, indicatoren, required=True)
        problems.raise_if_any()
        self._resultaat(beoogd_resultaat=beoogd_resultaat.strip(), indicatoren=[i.strip() for i in indicatoren])

    @event(BeoogdResultaatVastgelegd)
    def _resultaat(self, beoogd_resultaat: str, indicatoren: list[str]) -> None:
        self.beoogd_resultaat = beoogd_resultaat

    def leg_anders_leren_doen_vast(self, tekst: str) -> None:
        self._require_open()
        problems = ProblemCollector()
        check_text(problems, tekst, "andersLerenDoen", required=True)
        problems.raise_if_any()
        self._anders_leren_doen(tekst=tekst.strip())

    @event(AndersLerenDoenVastgelegd)
    def _anders_leren_doen(self, tekst: str) -> None:
        pass

    # -- column 4: verbeteractie and deelstappen ---------------------------------
    def omschrijf_verbeteractie(self, omschrijving: str) -> None:
        self._require_open()
        problems = ProblemCollector()
        check_text(problems, omschrijving, "verbeteractie", required=True)
        problems.raise_if_any()
        self._verbeteractie(omschrijving=omschrijving.strip())

    @event(VerbeteractieOmschreven)
    def _verbeteractie(self, omschrijving: str) -> None:
        pass

    def voeg_deelstap_toe(self, tekst: str, gepland: dt.date | None) -> str:
        self._require_open()
        problems = ProblemCollector()
        check_text(problems, tekst, "tekst", required=True)
        problems.require(len(self.deelstappen) < MAX_DEELSTAPPEN, "deelstappen", f"hooguit {MAX_DEELSTAPPEN}")
        problems.raise_if_any()
        deelstap_id = f"d{self.stappen_teller + 1}"
        self._deelstap(deelstap_id=deelstap_id, tekst=tekst.strip(), gepland=gepland)
        return deelstap_id

    @event(DeelstapToegevoegd)
    def _deelstap(self, deelstap_id: str, tekst: str, gepland: dt.date | None) -> None:
        self.stappen_teller += 1
        self.deelstappen[deelstap_id] = None
        self.volgorde.append(deelstap_id)

    def herformuleer_deelstap(self, deelstap_id: str, tekst: str) -> None:
        self._require_open()
        self._require_deelstap(deelstap_id)
        problems = ProblemCollector()
        check_text(problems, tekst, "tekst", required=True)
        problems.raise_if_any()
        self._herformuleerd(deelstap_id=deelstap_id, tekst=tekst.strip())

    @event(DeelstapHerformuleerd)
    def _herformuleerd(self, deelstap_id: str, tekst: str) -> None:
        pass

    def herorden_deelstappen(self, volgorde: list[str]) -> None:
        self._require_open()
        problems = ProblemCollector()
        same = sorted(volgorde) == sorted(self.volgorde) and len(set(volgorde)) == len(volgorde)
        problems.require(same, "volgorde", "noem elke deelstap van dit ontwikkelpunt precies één keer")
        problems.raise_if_any()
        self._herordend(volgorde=list(volgorde))

    @event(DeelstappenHerordend)
    def _herordend(self, volgorde: list[str]) -> None:
        self.volgorde = volgorde

    def rond_deelstap_af(self, deelstap_id: str, afgerond_op: dt.date, vandaag: dt.date) -> None:
        self._require_open()
        self._require_deelstap(deelstap_id)
        problems = ProblemCollector()
        problems.require(self.deelstappen[deelstap_id] is None, "deelstapId", "deze deelstap is al afgerond")
        problems.require(afgerond_op <= vandaag, "afgerondOp", "ligt in de toekomst")
        problems.raise_if_any()
        self._stap_afgerond(deelstap_id=deelstap_id, afgerond_op=afgerond_op)

    @event(DeelstapAfgerond)
    def _stap_afgerond(self, deelstap_id: str, afgerond_op: dt.date) -> None:
        self.deelstappen[deelstap_id] = afgerond_op

    # -- columns 5-7 --------------------------------------------------------------
    def leg_kosten_vast(self, kosten: Kosten) -> None:
        self._require_open()
        problems = ProblemCollector()
        kosten.check(problems)
        problems.raise_if_any()
        self._kosten(**kosten.as_event())

    @event(KostenVastgelegd)
    def _kosten(
        self, bedrag: Decimal | None, omschrijving: str | None, dekking: str | None, begrotingsjaar: int | None
    ) -> None:
        pass

    def leg_uitvoerder_vast(self, uitvoerder: str) -> None:
        self._require_open()
        problems = ProblemCollector()
        check_text(problems, uitvoerder, "uitvoerder", required=True)
        problems.raise_if_any()
        self._uitvoerder(uitvoerder=uitvoerder.strip())

    @event(UitvoerderVastgelegd)
    def _uitvoerder(self, uitvoerder: str) -> None:
        pass

    def leg_planning_vast(self, planning: Planning) -> None:
        """The first planning is laid down; every later one is an adjustment."""
        self._require_open()
        problems = ProblemCollector()
        planning.check(problems)
        problems.raise_if_any()
        if self.planning is None:
            self._planning(**planning.as_event())
        else:
            self._planning_aangepast(**planning.as_event())

    @event(PlanningVastgelegd)
    def _planning(self, start: dt.date | None, gereed: dt.date, precisie: str) -> None:
        self.planning = Planning(gereed=gereed, precisie=precisie, start=start)

    @event(PlanningAangepast)
    def _planning_aangepast(self, start: dt.date | None, gereed: dt.date, precisie: str) -> None:
        self.planning = Planning(gereed=gereed, precisie=precisie, start=start)

    # -- column 8: stand van zaken (append-only; the first is the baseline) ------
    def werk_stand_bij(self, stand: Stand, vandaag: dt.date) -> int:
        self._require_open()
        problems = ProblemCollector()
        stand.check(problems, vandaag)
        problems.raise_if_any()
        return self._record_stand(stand)

    @event(StandVanZakenBijgewerkt)
    def _stand(
        self, volgnummer: int, peildatum: dt.date, tekst: str, signaal: str, auteur: str, baseline: bool
    ) -> None:
        self.standen = volgnummer

    # -- lifecycle ------------------------------------------------------------------
    def wijzig_status(self, naar: str) -> None:
        allowed = ALLOWED_FROM.get(naar)
        if allowed is None:
            raise InvalidTransition(f"onbekende status {naar}")
        if self.status not in allowed:
            raise InvalidTransition(f"van {self.status} naar {naar} is geen toegestane stap")
        if naar == VASTGESTELD:
            problems = ProblemCollector()
            problems.require(self.beoogd_resultaat is not None, "beoogdResultaat", "nodig om vast te stellen")
            problems.require(self.planning is not None, "planning", "nodig om vast te stellen")
            problems.raise_if_any()
        steps: dict[str, Callable[[], None]] = {
            VASTGESTELD: self._vastgesteld,
            IN_UITVOERING: self._in_uitvoering,
            AFGEROND: self._afgerond,
            VERVALLEN: self._vervallen,
        }
        steps[naar]()

    @event(Vastgesteld)
    def _vastgesteld(self) -> None:
        self.status = VASTGESTELD

    @event(InUitvoeringGenomen)
    def _in_uitvoering(self) -> None:
        self.status = IN_UITVOERING

    @event(Afgerond)
    def _afgerond(self) -> None:
        self.status = AFGEROND

    @event(Vervallen)
    def _vervallen(self) -> None:
        self.status = VERVALLEN

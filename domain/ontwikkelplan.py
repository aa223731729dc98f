"""The *Lokaal meerjarig ontwikkelplan* of one gemeente for one period: its
header (grondslag documents at three levels, responsible officials as ids,
lokale aanvullingen) and its lifecycle. The ontwikkelpunten are aggregates of
their own (``domain.ontwikkelpunt``), so edits to different points and to the
header never conflict."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.catalogue import CURRENT_VERSION, known_version, template
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import GEMEENTECODE, natural_id
from domain.plan_values import check_text
from domain.vocabulary import DocumentNiveau, PlanStatus

PERIODE = re.compile(r"^(\d{4})-(\d{4})$")
OFFICIAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$")
NIVEAUS = tuple(DocumentNiveau)

CONCEPT = PlanStatus.CONCEPT
VASTGESTELD = PlanStatus.VASTGESTELD
AFGESLOTEN = PlanStatus.AFGESLOTEN


def plan_id(gemeente: str, periode: str) -> UUID:
    return natural_id("ontwikkelplan", f"{gemeente}:{periode}")


def check_periode(problems: ProblemCollector, periode: str, field: str = "periode") -> None:
    m = PERIODE.match(periode)
    ok = bool(m) and int(m.group(1)) <= int(m.group(2)) <= int(m.group(1)) + 10 if m else False
    problems.require(ok, field, "een periode zoals 2025-2027")


def check_official_ids(problems: ProblemCollector, ids: list[str], field: str) -> None:
    for i, official in enumerate(ids):
        problems.require(bool(OFFICIAL_ID.match(official)), f"{field}[{i}]", "een id van een functionaris, geen naam")
    problems.require(len(set(ids)) == len(ids), field, "bevat dubbele ids")
    problems.require(len(ids) <= 20, field, "hooguit 20")


class Ontwikkelplan(VoortgangAggregate):
    """The plan header and lifecycle (concept → vastgesteld → afgesloten)."""

    class Aangemaakt(VoortgangAggregate.Created):
        gemeente: str
        regio: str
        periode: str
        titel: str
        template_versie: str

    class DocumentenVastgelegd(VoortgangAggregate.Event):
        documenten: list[dict[str, Any]]

    class VerantwoordelijkenVastgelegd(VoortgangAggregate.Event):
        portefeuillehouders: list[str]
        beleidsmedewerkers: list[str]

    class LokaleAanvullingenVastgelegd(VoortgangAggregate.Event):
        tekst: str

    class Vastgesteld(VoortgangAggregate.Event):
        datum: dt.date

    class Afgesloten(VoortgangAggregate.Event):
        datum: dt.date

    @staticmethod
    def create_id(gemeente: str, regio: str, periode: str, titel: str, template_versie: str) -> UUID:
        return plan_id(gemeente, periode)

    @classmethod
    def maak(
        cls, gemeente: str, naam: str, regio: str, periode: str, template_versie: str = CURRENT_VERSION
    ) -> Ontwikkelplan:
        problems = ProblemCollector()
        problems.require(bool(GEMEENTECODE.match(gemeente)), "gemeente", "een CBS-gemeentecode zoals GM0307")
        check_periode(problems, periode)
        problems.require(known_version(template_versie), "templateVersie", "onbekende versie van het template")
        problems.raise_if_any()
        titel = f"{template(template_versie).titel.rsplit(' ', 1)[0]} {periode} Gemeente {naam}"
        return cls(gemeente=gemeente, regio=regio, periode=periode, titel=titel, template_versie=template_versie)

    @event(Aangemaakt)
    def __init__(self, gemeente: str, regio: str, periode: str, titel: str, template_versie: str) -> None:
        self.gemeente = gemeente
        self.regio = regio
        self.periode = periode
        self.titel = titel
        self.template_versie = template_versie
        self.status = CONCEPT
        self.documenten: list[dict[str, Any]] = []
        self.portefeuillehouders: list[str] = []
        self.beleidsmedewerkers: list[str] = []
        self.lokale_aanvullingen = ""

    def _require_open(self) -> None:
        if self.status == AFGESLOTEN:
            raise InvalidTransition("dit ontwikkelplan is afgesloten en verandert niet meer")

    def wijzig_kop(
        self,
        documenten: list[dict[str, Any]] | None,
        portefeuillehouders: list[str] | None,
        beleidsmedewerkers: list[str] | None,
        lokale_aanvullingen: str | None,
    ) -> None:
        """Change the header parts that are given; each part is its own event."""
        self._require_open()
        problems = ProblemCollector()
        for i, doc in enumerate(documenten or []):
            problems.require(doc.get("niveau") in NIVEAUS, f"documenten[{i}].niveau", "landelijk, regionaal of lokaal")
            check_text(problems, doc.get("titel"), f"documenten[{i}].titel", required=True)
            check_text(problems, doc.get("verwijzing"), f"documenten[{i}].verwijzing")
        problems.require(len(documenten or []) <= 100, "documenten", "hooguit 100")
        check_official_ids(problems, portefeuillehouders or [], "portefeuillehouders")
        check_official_ids(problems, beleidsmedewerkers or [], "beleidsmedewerkers")
        check_text(problems, lokale_aanvullingen, "lokaleAanvullingen")
        problems.raise_if_any()
        if documenten is not None and documenten != self.documenten:
            self._documenten(documenten=[_document(d) for d in documenten])
        if portefeuillehouders is not None or beleidsmedewerkers is not None:
            ph = self.portefeuillehouders if portefeuillehouders is None else portefeuillehouders
            bm = self.beleidsmedewerkers if beleidsmedewerkers is None else beleidsmedewerkers
            if (ph, bm) != (self.portefeuillehouders, self.beleidsmedewerkers):
                self._verantwoordelijken(portefeuillehouders=list(ph), beleidsmedewerkers=list(bm))
        if lokale_aanvullingen is not None and lokale_aanvullingen != self.lokale_aanvullingen:
            self._aanvullingen(tekst=lokale_aanvullingen)

    @event(DocumentenVastgelegd)
    def _documenten(self, documenten: list[dict[str, Any]]) -> None:
        self.documenten = documenten

    @event(VerantwoordelijkenVastgelegd)
    def _verantwoordelijken(self, portefeuillehouders: list[str], beleidsmedewerkers: list[str]) -> None:
        self.portefeuillehouders = portefeuillehouders
        self.beleidsmedewerkers = beleidsmedewerkers

    @event(LokaleAanvullingenVastgelegd)
    def _aanvullingen(self, tekst: str) -> None:
        self.lokale_aanvullingen = tekst

    def stel_vast(self, datum: dt.date, vandaag: dt.date | None = None) -> None:
        if self.status != CONCEPT:
            raise InvalidTransition(f"een plan met status {self.status} kan niet worden vastgesteld")
        problems = ProblemCollector()
        problems.require(dt.date(2000, 1, 1) <= datum <= (vandaag or dt.date.today()), "datum", "niet in de toekomst")
        problems.raise_if_any()
        self._vastgesteld(datum=datum)

    @event(Vastgesteld)
    def _vastgesteld(self, datum: dt.date) -> None:
        self.status = VASTGESTELD

    def sluit_af(self, datum: dt.date, vandaag: dt.date | None = None) -> None:
        if self.status != VASTGESTELD:
            raise InvalidTransition("alleen een vastgesteld plan kan worden afgesloten")
        problems = ProblemCollector()
        problems.require(dt.date(2000, 1, 1) <= datum <= (vandaag or dt.date.today()), "datum", "niet in de toekomst")
        problems.raise_if_any()
        self._afgesloten(datum=datum)

    @event(Afgesloten)
    def _afgesloten(self, datum: dt.date) -> None:
        self.status = AFGESLOTEN


def _document(doc: dict[str, Any]) -> dict[str, Any]:
    verwijzing = doc.get("verwijzing")
    return {
        "niveau": str(doc["niveau"]),
        "titel": str(doc["titel"]).strip(),
        "verwijzing": str(verwijzing).strip() if verwijzing else None,
    }

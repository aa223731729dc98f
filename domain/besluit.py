"""A besluit (decision) of a gremium, from proposal to publication.

Lifecycle: voorgesteld → geagendeerd → genomen / verworpen / aangehouden /
doorgeleid, each step an event. A decision is only taken (or rejected) when
the mandate rules of the regio, on the date decided, allow the body to decide
on this kind of decision; otherwise it is refused naming the rule
(:class:`domain.mandaat.MandateRefused`) or escalated (doorgeleid). A recorded
besluit is never rewritten: a correction is a new event that references the
event it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.besluit_regels import check_beslispunten, check_uitkomsten, check_voorstel
from domain.errors import InvalidTransition, ProblemCollector
from domain.ids import natural_id
from domain.mandaat import GremiumFeit, Mandaatregeling, soorten_van
from domain.vocabulary import AdviseurSoort, BesluitStatus, KoppelSoort, Publicatiestatus, Standpunt, Uitkomst

VOOR_BESLUIT = (BesluitStatus.VOORGESTELD, BesluitStatus.AANGEHOUDEN, BesluitStatus.DOORGELEID)
AFGEROND = (BesluitStatus.GENOMEN, BesluitStatus.VERWORPEN)


def besluit_id(regio: str, kenmerk: str) -> UUID:
    return natural_id("besluit", f"{regio}\x00{kenmerk}")


class Besluit(VoortgangAggregate):
    """A decision of a body, with its beslispunten, adviezen and effects."""

    class Voorgesteld(VoortgangAggregate.Created):
        regio: str
        kenmerk: str
        onderwerp: str
        gremium: str
        voorstel: str | None
        beslispunten: list[dict[str, Any]]
        overwegingen: list[str]
        kader_inhoudelijk: bool
        kader_financieel: bool
        betreft_gemeenten: list[str]
        koppelingen: list[dict[str, Any]]

    class AdviesUitgebracht(VoortgangAggregate.Event):
        adviseur: str
        adviseur_soort: str
        standpunt: str
        advies_toelichting: str | None
        datum: dt.date

    class Gekoppeld(VoortgangAggregate.Event):
        soort: str
        object_id: str

    class Geagendeerd(VoortgangAggregate.Event):
        overleg: str
        datum: dt.date

    class Genomen(VoortgangAggregate.Event):
        datum: dt.date
        uitkomsten: dict[str, str]
        mandaat_regel: str
        mandaat_versie: int

    class Verworpen(VoortgangAggregate.Event):
        datum: dt.date
        reden: str
        mandaat_regel: str
        mandaat_versie: int

    class Aangehouden(VoortgangAggregate.Event):
        datum: dt.date
        reden: str

    class Doorgeleid(VoortgangAggregate.Event):
        van: str
        naar: str
        regel: str | None
        reden: str

    class Gecorrigeerd(VoortgangAggregate.Event):
        correctie_van: int
        onderwerp: str | None
        overwegingen: list[str] | None
        beslispunten: list[dict[str, Any]] | None
        reden: str

    class WooStatusGewijzigd(VoortgangAggregate.Event):
        status: str
        datum: dt.date | None
        grond: str | None

    @staticmethod
    def create_id(regio: str, kenmerk: str, **_: Any) -> UUID:
        return besluit_id(regio, kenmerk)

    @classmethod
    def stel_voor(
        cls,
        *,
        regio: str,
        kenmerk: str,
        onderwerp: str,
        gremium: str,
        beslispunten: list[str],
        overwegingen: list[str] | None = None,
        voorstel: str | None = None,
        kader_inhoudelijk: bool = False,
        kader_financieel: bool = False,
        betreft_gemeenten: list[str] | None = None,
        koppelingen: list[dict[str, str]] | None = None,
    ) -> Besluit:
        problems = ProblemCollector()
        check_voorstel(problems, regio, kenmerk, onderwerp, beslispunten, betreft_gemeenten or [], koppelingen or [])
        problems.raise_if_any()
        return cls(
            regio=regio.strip(),
            kenmerk=kenmerk.strip(),
            onderwerp=onderwerp.strip(),
            gremium=gremium,
            voorstel=(voorstel or "").strip() or None,
            beslispunten=[
                {"nummer": i + 1, "tekst": t.strip(), "uitkomst": Uitkomst.OPEN} for i, t in enumerate(beslispunten)
            ],
            overwegingen=[o.strip() for o in overwegingen or [] if o.strip()],
            kader_inhoudelijk=kader_inhoudelijk,
            kader_financieel=kader_financieel,
            betreft_gemeenten=sorted(set(betreft_gemeenten or [])),
            koppelingen=[{"soort": k["soort"], "id": str(k["id"])} for k in koppelingen or []],
        )

    @event(Voorgesteld)
    def __init__(
        self,
        regio: str,
        kenmerk: str,
        onderwerp: str,
        gremium: str,
        voorstel: str | None,
        beslispunten: list[dict[str, Any]],
        overwegingen: list[str],
        kader_inhoudelijk: bool,
        kader_financieel: bool,
        betreft_gemeenten: list[str],
        koppelingen: list[dict[str, Any]],
    ) -> None:
        self.regio = regio
        self.kenmerk = kenmerk
        self.onderwerp = onderwerp
        self.gremium = gremium
        self.voorstel = voorstel
        self.beslispunten = {int(b["nummer"]): dict(b) for b in beslispunten}
        self.overwegingen = list(overwegingen)
        self.kader_inhoudelijk = kader_inhoudelijk
        self.kader_financieel = kader_financieel
        self.betreft_gemeenten = list(betreft_gemeenten)
        self.koppelingen = [(k["soort"], k["id"]) for k in koppelingen]
        self.adviezen: list[dict[str, Any]] = []
        self.status = BesluitStatus.VOORGESTELD
        self.overleg: str | None = None
        self.overleg_datum: dt.date | None = None
        self.datum: dt.date | None = None
        self.woo: str = Publicatiestatus.TE_PUBLICEREN

    @property
    def soorten(self) -> list[str]:
        return soorten_van(self.kader_inhoudelijk, self.kader_financieel)

    def _require_status(self, allowed: tuple[str, ...], wat: str) -> None:
        if self.status not in allowed:
            raise InvalidTransition(
                f"besluit {self.kenmerk} is {self.status}; {wat} kan alleen als het {' of '.join(allowed)} is"
            )

    def geef_advies(self, adviseur: str, soort: str, standpunt: str, toelichting: str | None, datum: dt.date) -> None:
        self._require_status((*VOOR_BESLUIT, BesluitStatus.GEAGENDEERD), "advies uitbrengen")
        problems = ProblemCollector()
        problems.require(bool(adviseur.strip()) and len(adviseur) <= 200, "adviseur", "verplicht, hooguit 200 tekens")
        problems.require(AdviseurSoort.has(soort), "adviseurSoort", f"een van {AdviseurSoort.choices()}")
        problems.require(Standpunt.has(standpunt), "standpunt", f"een van {Standpunt.choices()}")
        needs_text = Standpunt.has(standpunt) and standpunt != Standpunt.POSITIEF
        problems.require(
            bool((toelichting or "").strip()) or not needs_text, "toelichting", "verplicht bij dit standpunt"
        )
        problems.raise_if_any()
        self._advies(
            adviseur=adviseur.strip(), adviseur_soort=soort, standpunt=standpunt,
            advies_toelichting=(toelichting or "").strip() or None, datum=datum,
        )  # fmt: skip

    @event(AdviesUitgebracht)
    def _advies(
        self, adviseur: str, adviseur_soort: str, standpunt: str, advies_toelichting: str | None, datum: dt.date
    ) -> None:
        self.adviezen.append(
            {"adviseur": adviseur, "soort": adviseur_soort, "standpunt": standpunt, "toelichting": advies_toelichting}
        )

    def koppel(self, soort: str, object_id: str) -> None:
        problems = ProblemCollector()
        problems.require(KoppelSoort.has(soort), "soort", f"een van {KoppelSoort.choices()}")
        problems.require(bool(object_id.strip()), "objectId", "verplicht")
        problems.require((soort, object_id) not in self.koppelingen, "objectId", "is al gekoppeld")
        problems.raise_if_any()
        self._gekoppeld(soort=soort, object_id=object_id.strip())

    @event(Gekoppeld)
    def _gekoppeld(self, soort: str, object_id: str) -> None:
        self.koppelingen.append((soort, object_id))

    def agendeer(self, overleg: UUID, overleg_gremium: str, datum: dt.date) -> None:
        self._require_status(VOOR_BESLUIT, "agenderen")
        problems = ProblemCollector()
        problems.require(
            overleg_gremium == self.gremium,
            "overlegId",
            f"het overleg is van {overleg_gremium}, niet van {self.gremium}",
        )
        problems.raise_if_any()
        self._geagendeerd(overleg=str(overleg), datum=datum)

    @event(Geagendeerd)
    def _geagendeerd(self, overleg: str, datum: dt.date) -> None:
        self.status = BesluitStatus.GEAGENDEERD
        self.overleg = overleg
        self.overleg_datum = datum

    def _besluitdatum(self, datum: dt.date | None) -> dt.date:
        assert self.overleg_datum is not None  # geagendeerd
        datum = datum or self.overleg_datum
        problems = ProblemCollector()
        problems.require(datum >= self.overleg_datum, "datum", "ligt voor het overleg waarin besloten is")
        problems.raise_if_any()
        return datum

    def neem(
        self,
        *,
        datum: dt.date | None,
        uitkomsten: dict[int, str],
        regeling: Mandaatregeling,
        gremium: GremiumFeit,
        behandeld_door: Callable[[str, dt.date], bool],
    ) -> None:
        """Take the decision; the mandate rules in force on the date decided must allow it."""
        self._require_status((BesluitStatus.GEAGENDEERD,), "besluiten")
        datum = self._besluitdatum(datum)
        problems = ProblemCollector()
        check_uitkomsten(problems, uitkomsten, set(self.beslispunten))
        problems.raise_if_any()
        oordeel = regeling.toets(gremium, self.soorten, datum, lambda code: behandeld_door(code, datum))
        versie = regeling.versie_op(datum)
        assert versie is not None  # toets refused otherwise
        full = {str(n): uitkomsten.get(n, Uitkomst.AANGENOMEN) for n in sorted(self.beslispunten)}
        self._genomen(datum=datum, uitkomsten=full, mandaat_regel=oordeel.regel, mandaat_versie=versie["versie"])

    @event(Genomen)
    def _genomen(self, datum: dt.date, uitkomsten: dict[str, str], mandaat_regel: str, mandaat_versie: int) -> None:
        self.status = BesluitStatus.GENOMEN
        self.datum = datum
        for nummer, uitkomst in uitkomsten.items():
            self.beslispunten[int(nummer)]["uitkomst"] = uitkomst

    def verwerp(
        self,
        *,
        datum: dt.date | None,
        reden: str,
        regeling: Mandaatregeling,
        gremium: GremiumFeit,
        behandeld_door: Callable[[str, dt.date], bool],
    ) -> None:
        """Reject the proposal: also a decision, so also within the mandate."""
        self._require_status((BesluitStatus.GEAGENDEERD,), "verwerpen")
        datum = self._besluitdatum(datum)
        problems = ProblemCollector()
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.raise_if_any()
        oordeel = regeling.toets(gremium, self.soorten, datum, lambda code: behandeld_door(code, datum))
        versie = regeling.versie_op(datum)
        assert versie is not None
        self._verworpen(datum=datum, reden=reden.strip(), mandaat_regel=oordeel.regel, mandaat_versie=versie["versie"])

    @event(Verworpen)
    def _verworpen(self, datum: dt.date, reden: str, mandaat_regel: str, mandaat_versie: int) -> None:
        self.status = BesluitStatus.VERWORPEN
        self.datum = datum
        for punt in self.beslispunten.values():
            punt["uitkomst"] = Uitkomst.VERWORPEN

    def houd_aan(self, datum: dt.date | None, reden: str) -> None:
        self._require_status((BesluitStatus.GEAGENDEERD,), "aanhouden")
        datum = self._besluitdatum(datum)
        problems = ProblemCollector()
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.raise_if_any()
        self._aangehouden(datum=datum, reden=reden.strip())

    @event(Aangehouden)
    def _aangehouden(self, datum: dt.date, reden: str) -> None:
        self.status = BesluitStatus.AANGEHOUDEN

    def leid_door(self, naar: str, regel: str | None, reden: str) -> None:
        self._require_status((*VOOR_BESLUIT, BesluitStatus.GEAGENDEERD), "doorleiden")
        problems = ProblemCollector()
        problems.require(naar != self.gremium, "naar", "het besluit ligt al bij dit gremium")
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.raise_if_any()
        self._doorgeleid(van=self.gremium, naar=naar, regel=regel, reden=reden.strip())

    @event(Doorgeleid)
    def _doorgeleid(self, van: str, naar: str, regel: str | None, reden: str) -> None:
        self.status = BesluitStatus.DOORGELEID
        self.gremium = naar
        self.overleg = None
        self.overleg_datum = None

    def corrigeer(
        self,
        *,
        correctie_van: int,
        reden: str,
        onderwerp: str | None = None,
        overwegingen: list[str] | None = None,
        beslispunten: list[dict[str, Any]] | None = None,
    ) -> None:
        """Correct a recorded besluit by a new event that references the corrected one."""
        self._require_status(AFGEROND, "corrigeren")
        problems = ProblemCollector()
        problems.require(1 <= correctie_van <= self.version, "correctieVan", f"een eventversie 1..{self.version}")
        problems.require(bool(reden.strip()), "reden", "verplicht")
        problems.require(
            bool(onderwerp or overwegingen is not None or beslispunten), "onderwerp", "niets te corrigeren"
        )
        problems.require(onderwerp is None or bool(onderwerp.strip()), "onderwerp", "mag niet leeg zijn")
        check_beslispunten(problems, beslispunten or [], set(self.beslispunten))
        problems.raise_if_any()
        self._gecorrigeerd(
            correctie_van=correctie_van, onderwerp=onderwerp.strip() if onderwerp else None,
            overwegingen=overwegingen, beslispunten=beslispunten, reden=reden.strip(),
        )  # fmt: skip

    @event(Gecorrigeerd)
    def _gecorrigeerd(
        self,
        correctie_van: int,
        onderwerp: str | None,
        overwegingen: list[str] | None,
        beslispunten: list[dict[str, Any]] | None,
        reden: str,
    ) -> None:
        self.onderwerp = onderwerp or self.onderwerp
        self.overwegingen = self.overwegingen if overwegingen is None else list(overwegingen)
        for punt in beslispunten or []:
            self.beslispunten[int(punt["nummer"])].update({k: v for k, v in punt.items() if k != "nummer"})

    def wijzig_woo(self, status: str, datum: dt.date | None, grond: str | None) -> None:
        problems = ProblemCollector()
        gepubliceerd = status == Publicatiestatus.GEPUBLICEERD
        problems.require(Publicatiestatus.has(status), "status", f"een van {Publicatiestatus.choices()}")
        problems.require(not gepubliceerd or datum is not None, "datum", "verplicht bij gepubliceerd")
        problems.require(
            status != Publicatiestatus.NIET_OPENBAAR or bool((grond or "").strip()),
            "grond",
            "verplicht bij niet_openbaar",
        )
        problems.raise_if_any()
        if gepubliceerd:
            self._require_status(AFGEROND, "publiceren")
        self._woo(status=status, datum=datum if gepubliceerd else None, grond=(grond or "").strip() or None)

    @event(WooStatusGewijzigd)
    def _woo(self, status: str, datum: dt.date | None, grond: str | None) -> None:
        self.woo = status


__all__ = ["Besluit", "besluit_id"]

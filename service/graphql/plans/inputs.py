"""GraphQL inputs of the plan mutations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from domain import plan_values as v
from domain.ontwikkelpunt import Deelstap, Kolommen
from service.graphql.mutations import CommandInput
from service.graphql.vocabulary import DocumentNiveau, PlanningPrecisie, Voortgangssignaal

EXPECTED = "De versie die de client zag (optimistische concurrency); leeg = niet controleren."
BESLUIT = "Het besluit op grond waarvan deze wijziging gebeurt (optioneel)."


@strawberry.input(description="Een planning (kolom 7).")
class PlanningInput:
    gereed: dt.date = strawberry.field(description="Wanneer de actie gereed is.")
    precisie: PlanningPrecisie = strawberry.field(description="Hoe precies `gereed` bekend is.")
    start: dt.date | None = strawberry.field(default=None, description="Start van de actie.")

    def value(self) -> v.Planning:
        return v.Planning(gereed=self.gereed, precisie=self.precisie.value, start=self.start)


@strawberry.input(description="Kosten en dekking (kolom 5).")
class KostenInput:
    bedrag: Decimal | None = strawberry.field(default=None, description="Bedrag in euro's (decimaal).")
    omschrijving: str | None = strawberry.field(default=None, description="Waarvoor.")
    dekking: str | None = strawberry.field(default=None, description="Hoe gedekt.")
    begrotingsjaar: int | None = strawberry.field(default=None, description="Begrotingsjaar van de dekking.")

    def value(self) -> v.Kosten:
        return v.Kosten(self.bedrag, self.omschrijving, self.dekking, self.begrotingsjaar)


@strawberry.input(description="Een stand van zaken (kolom 8).")
class StandVanZakenInput:
    peildatum: dt.date = strawberry.field(description="De datum waarover deze stand gaat.")
    tekst: str = strawberry.field(description="Het verhaal.")
    signaal: Voortgangssignaal = strawberry.field(description="Op koers, aandacht nodig of achter.")

    def value(self) -> v.Stand:
        return v.Stand(peildatum=self.peildatum, tekst=self.tekst, signaal=self.signaal.value)


@strawberry.input(description="Een deelstap.")
class DeelstapInput:
    tekst: str = strawberry.field(description="Wat er moet gebeuren.")
    gepland: dt.date | None = strawberry.field(default=None, description="Geplande datum.")


@strawberry.input(description="Een grondslagdocument.")
class GrondslagDocumentInput:
    niveau: DocumentNiveau = strawberry.field(description="Landelijk, regionaal of lokaal.")
    titel: str = strawberry.field(description="Titel.")
    verwijzing: str | None = strawberry.field(default=None, description="Link of kenmerk.")


@strawberry.input(description="Een nieuw ontwikkelplan voor een gemeente.")
class MaakOntwikkelplanInput(CommandInput):
    regio: str = strawberry.field(description="Code van de regio van de gemeente.")
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    periode: str = strawberry.field(default="2025-2027", description="Periode van het plan.")
    template_versie: str | None = strawberry.field(
        default=None, description="Versie van het template (standaard de huidige)."
    )


@strawberry.input(description="De kop van een plan wijzigen; alleen wat is meegegeven verandert.")
class WijzigPlanKopInput(CommandInput):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    periode: str = strawberry.field(default="2025-2027", description="Periode van het plan.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)
    documenten: list[GrondslagDocumentInput] | None = strawberry.field(default=None, description="Grondslagdocumenten.")
    portefeuillehouders: list[str] | None = strawberry.field(default=None, description="Ids van portefeuillehouders.")
    beleidsmedewerkers: list[str] | None = strawberry.field(default=None, description="Ids van beleidsmedewerkers.")
    lokale_aanvullingen: str | None = strawberry.field(default=None, description="Lokale aanvullingen.")


@strawberry.input(description="Een plan vaststellen.")
class StelOntwikkelplanVastInput(CommandInput):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    datum: dt.date = strawberry.field(description="Datum van vaststelling.")
    periode: str = strawberry.field(default="2025-2027", description="Periode van het plan.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)
    besluit_id: str | None = strawberry.field(default=None, description=BESLUIT)


@strawberry.input(description="Een ontwikkelpunt toevoegen, met zoveel kolommen als al bekend.")
class VoegOntwikkelpuntToeInput(CommandInput):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    thema: str = strawberry.field(description="Code van de ontwikkelpunt-tabel (zie `templateCatalogus`).")
    basisfunctie: int | None = strawberry.field(
        default=None, description="Basisfunctie 1-5; leeg = die van het thema (een andere is een VALIDATION-fout)."
    )
    doel: str = strawberry.field(description="Kolom 1: het ontwikkelpunt als doel.")
    periode: str = strawberry.field(default="2025-2027", description="Periode van het plan.")
    zelfscan_link: str | None = strawberry.field(default=None, description="Kolom 1: link met de zelfscan-analyse.")
    beoogd_resultaat: str | None = strawberry.field(default=None, description="Kolom 2.")
    indicatoren: list[str] = strawberry.field(default_factory=list, description="Kolom 2: prestatie-indicatoren.")
    anders_leren_doen: str | None = strawberry.field(default=None, description="Kolom 3.")
    verbeteractie: str | None = strawberry.field(default=None, description="Kolom 4.")
    deelstappen: list[DeelstapInput] = strawberry.field(default_factory=list, description="Kolom 4: deelstappen.")
    kosten: KostenInput | None = strawberry.field(default=None, description="Kolom 5.")
    uitvoerder: str | None = strawberry.field(default=None, description="Kolom 6.")
    planning: PlanningInput | None = strawberry.field(default=None, description="Kolom 7.")
    stand_van_zaken: StandVanZakenInput | None = strawberry.field(default=None, description="Kolom 8: de nulmeting.")

    def kolommen(self) -> Kolommen:
        return Kolommen(
            beoogd_resultaat=self.beoogd_resultaat,
            indicatoren=list(self.indicatoren),
            anders_leren_doen=self.anders_leren_doen,
            verbeteractie=self.verbeteractie,
            deelstappen=[Deelstap(d.tekst, d.gepland) for d in self.deelstappen],
            kosten=self.kosten.value() if self.kosten else None,
            uitvoerder=self.uitvoerder,
            planning=self.planning.value() if self.planning else None,
            stand=self.stand_van_zaken.value() if self.stand_van_zaken else None,
        )


@strawberry.input(description="Een wijziging van één kolom van een ontwikkelpunt.")
class PuntInput(CommandInput):
    ontwikkelpunt: strawberry.ID = strawberry.field(description="Globaal id van het ontwikkelpunt.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)
    besluit_id: str | None = strawberry.field(default=None, description=BESLUIT)

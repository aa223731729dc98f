"""GraphQL inputs of the besluit mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from service.graphql.mutations import CommandInput
from service.graphql.vocabulary import AdviseurSoort, KoppelSoort, Publicatiestatus, Standpunt, Uitkomst


@strawberry.input(description="Een object waarop het besluit betrekking heeft.")
class KoppelingInput:
    soort: KoppelSoort = strawberry.field(description="Soort object.")
    object_id: str = strawberry.field(description="Id van het object.")


@strawberry.input(description="Een nieuw besluit voorstellen aan een gremium.")
class StelBesluitVoorInput(CommandInput):
    regio: str = strawberry.field(description="Code van de regio.")
    kenmerk: str = strawberry.field(description="Kenmerk, uniek in de regio (bv. ZHZ-BO-2022-03).")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    gremium: str = strawberry.field(description="Het gremium dat moet besluiten.")
    beslispunten: list[str] = strawberry.field(description="De beslispunten, in volgorde.")
    overwegingen: list[str] = strawberry.field(default_factory=list, description="Overwegingen.")
    voorstel: str | None = strawberry.field(
        default=None, description="Verwijzing naar het voorstel, gedeeld als meer gremia het behandelen."
    )
    kader_inhoudelijk: bool = strawberry.field(default=False, description="Wijzigt de inhoudelijke kaders.")
    kader_financieel: bool = strawberry.field(default=False, description="Wijzigt de financiële kaders.")
    betreft_gemeenten: list[str] = strawberry.field(
        default_factory=list, description="Betreft deze gemeenten (leeg = de hele regio)."
    )
    koppelingen: list[KoppelingInput] = strawberry.field(default_factory=list, description="Betrokken objecten.")


@strawberry.input(description="Een stap van een bestaand besluit.")
class BesluitStapInput(CommandInput):
    besluit_id: strawberry.ID = strawberry.field(description="Id van het besluit.")
    expected_version: int | None = strawberry.field(default=None, description="De versie die de client zag.")


@strawberry.input(description="Een advies vooraf, van een gremium (code) of organisatie.")
class GeefAdviesInput(BesluitStapInput):
    adviseur: str = strawberry.field(description="Gremiumcode of naam van de organisatie.")
    adviseur_soort: AdviseurSoort = strawberry.field(description="Een gremium of een organisatie.")
    standpunt: Standpunt = strawberry.field(description="Het standpunt van het advies.")
    opmerkingen: str | None = strawberry.field(default=None, description="Kanttekeningen (verplicht tenzij positief).")
    datum: dt.date = strawberry.field(description="Datum van het advies.")


@strawberry.input(description="Een object aan het besluit koppelen.")
class KoppelBesluitInput(BesluitStapInput):
    soort: KoppelSoort = strawberry.field(description="Soort object.")
    object_id: str = strawberry.field(description="Id van het object.")


@strawberry.input(description="Het besluit agenderen in een overleg van het besluitende gremium.")
class AgendeerBesluitInput(BesluitStapInput):
    overleg_id: strawberry.ID = strawberry.field(description="Id van het overleg.")


@strawberry.input(description="De uitkomst van één beslispunt.")
class UitkomstInput:
    nummer: int = strawberry.field(description="Nummer van het beslispunt.")
    uitkomst: Uitkomst = strawberry.field(
        description="Aangenomen, geamendeerd, verworpen of aangehouden (OPEN is geen uitkomst)."
    )


@strawberry.input(description="Het besluit nemen (binnen het mandaat van het gremium).")
class NeemBesluitInput(BesluitStapInput):
    datum: dt.date | None = strawberry.field(default=None, description="Besluitdatum; leeg = datum van het overleg.")
    uitkomsten: list[UitkomstInput] = strawberry.field(
        default_factory=list, description="Uitkomst per beslispunt; niet genoemd = aangenomen."
    )
    doorleiden_bij_weigering: bool = strawberry.field(
        default=False, description="Valt het buiten het mandaat, leid het dan door naar het gremium dat het mag nemen."
    )


@strawberry.input(description="Verwerpen of aanhouden, met reden.")
class BesluitRedenInput(BesluitStapInput):
    datum: dt.date | None = strawberry.field(default=None, description="Datum; leeg = datum van het overleg.")
    reden: str = strawberry.field(description="Reden.")


@strawberry.input(description="Het besluit doorleiden naar een ander gremium.")
class LeidBesluitDoorInput(BesluitStapInput):
    naar: str = strawberry.field(description="Code van het gremium dat het besluit moet nemen.")
    reden: str = strawberry.field(description="Reden.")


@strawberry.input(description="Correctie van één beslispunt.")
class BeslispuntCorrectieInput:
    nummer: int = strawberry.field(description="Nummer van het beslispunt.")
    tekst: str | None = strawberry.field(default=None, description="Gecorrigeerde tekst.")
    uitkomst: Uitkomst | None = strawberry.field(default=None, description="Gecorrigeerde uitkomst (niet OPEN).")


@strawberry.input(description="Een vastgelegd besluit corrigeren: een nieuwe stap die naar de oude verwijst.")
class CorrigeerBesluitInput(BesluitStapInput):
    correctie_van: int = strawberry.field(description="De versie (stap) van het besluit die wordt gecorrigeerd.")
    reden: str = strawberry.field(description="Waarom de correctie.")
    onderwerp: str | None = strawberry.field(default=None, description="Gecorrigeerd onderwerp.")
    overwegingen: list[str] | None = strawberry.field(default=None, description="Gecorrigeerde overwegingen.")
    beslispunten: list[BeslispuntCorrectieInput] = strawberry.field(
        default_factory=list, description="Gecorrigeerde beslispunten."
    )


@strawberry.input(description="De Woo-publicatiestatus van een besluit.")
class WijzigWooStatusInput(BesluitStapInput):
    status: Publicatiestatus = strawberry.field(description="De nieuwe publicatiestatus.")
    datum: dt.date | None = strawberry.field(default=None, description="Publicatiedatum (bij gepubliceerd).")
    grond: str | None = strawberry.field(default=None, description="Grond (bij niet_openbaar).")

"""GraphQL types of governance, built from view rows (never from events)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from projections.governance import besluit_effecten as effecten_view
from projections.governance import besluitenlijst as lijst
from projections.governance.gremia import GremiumRow, MatrixCel, RegelRow, ZetelRow
from service.graphql.people import official_field
from service.graphql.relay import Node, global_id_or_none, to_global_id
from service.graphql.vocabulary import (
    AdviseurSoort,
    BesluitSoort,
    BesluitstapSoort,
    BesluitStatus,
    Bevoegdheid,
    GremiumStatus,
    GremiumType,
    KoppelSoort,
    Publicatiestatus,
    Standpunt,
    Uitkomst,
)


@strawberry.type(description="Een zetel in een gremium; een zetel kan alleen een deel van de agenda betreffen.")
class Zetel:
    organisatie: str = strawberry.field(description="De organisatie die de zetel heeft.")
    deel_agenda: bool = strawberry.field(description="Alleen betrokken bij een deel van de agenda ('open vakje').")
    onderwerpen: list[str] = strawberry.field(description="De agendaonderwerpen waarvoor de zetel geldt.")


@strawberry.type(description="Een gremium (overlegorgaan) met type, voorzitter, zetels, cadans en status.")
class Gremium(Node):
    code: str = strawberry.field(description="Code van het gremium (ook de claim `gremia` van een secretaris).")
    regio: str = strawberry.field(description="Code van de regio.")
    naam: str = strawberry.field(description="Naam.")
    type: GremiumType = strawberry.field(description="Soort gremium.")
    voorzitter: str | None = strawberry.field(description="De voorzitter (rol of gepseudonimiseerde verwijzing).")
    cadans: str = strawberry.field(description="Vergaderfrequentie: kwartaal, maand, 6-8w, 2w, ad_hoc, ...")
    status: GremiumStatus = strawberry.field(description="Actief of opgeheven.")
    ingesteld_op: dt.date = strawberry.field(description="Datum van instelling.")
    opgeheven_op: dt.date | None = strawberry.field(description="Datum van opheffing.")
    opvolger: str | None = strawberry.field(description="Het gremium waarin dit gremium is opgegaan.")
    voorgangers: list[str] = strawberry.field(description="De gremia die in dit gremium zijn opgegaan.")
    zetels: list[Zetel] = strawberry.field(description="De zetels, op organisatie.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")


def gremium_type(g: GremiumRow, zetels: list[ZetelRow]) -> Gremium:
    return Gremium(
        id=to_global_id("Gremium", g.gremium_id), code=g.code, regio=g.regio, naam=g.naam, type=GremiumType(g.type),
        voorzitter=g.voorzitter, cadans=g.cadans, status=GremiumStatus(g.status), ingesteld_op=g.ingesteld_op,
        opgeheven_op=g.opgeheven_op, opvolger=g.opvolger, voorgangers=list(g.voorgangers), version=g.version,
        zetels=[Zetel(organisatie=z.organisatie, deel_agenda=z.deel_agenda, onderwerpen=list(z.onderwerpen))
                for z in zetels if z.gremium_id == g.gremium_id],
    )  # fmt: skip


@strawberry.type(description="Een mandaatregel: welke gremia wat mogen met een soort besluit.")
class Mandaatregel:
    versie: int = strawberry.field(description="Versie van de regeling waartoe de regel hoort.")
    volgnr: int = strawberry.field(description="Volgorde: de eerste regel die past beslist.")
    geldig_vanaf: dt.date = strawberry.field(description="Datum vanaf wanneer deze versie geldt.")
    besluit_id: str | None = strawberry.field(description="Het besluit waarop deze versie berust.")
    code: str = strawberry.field(description="Naam van de regel (staat in elke weigering).")
    omschrijving: str = strawberry.field(description="De regel in gewone taal.")
    bevoegdheid: Bevoegdheid = strawberry.field(description="Besluit (mag besluiten), advies (mag adviseren) of geen.")
    gremium_type: GremiumType | None = strawberry.field(description="Geldt voor gremia van dit type (leeg = elk).")
    gremium: str | None = strawberry.field(description="Geldt voor dit gremium (leeg = elk).")
    status: GremiumStatus | None = strawberry.field(description="Geldt voor gremia met deze status (leeg = elk).")
    soorten: list[BesluitSoort] = strawberry.field(description="Soorten besluit (leeg = alle).")
    na: list[str] = strawberry.field(description="Gremia die hetzelfde voorstel eerst moeten behandelen.")
    escaleer_naar: str | None = strawberry.field(description="Het gremium waarnaar een geweigerd besluit gaat.")


def regel_type(r: RegelRow) -> Mandaatregel:
    return Mandaatregel(
        versie=r.versie, volgnr=r.volgnr, geldig_vanaf=r.geldig_vanaf, code=r.code,
        besluit_id=global_id_or_none("Besluit", r.besluit_id),
        omschrijving=r.omschrijving, bevoegdheid=Bevoegdheid(r.bevoegdheid),
        gremium_type=GremiumType(r.gremium_type) if r.gremium_type else None, gremium=r.gremium,
        status=GremiumStatus(r.status) if r.status else None, soorten=[BesluitSoort(s) for s in r.soorten],
        na=list(r.na), escaleer_naar=r.escaleer_naar,
    )  # fmt: skip


@strawberry.type(description="Eén cel van de mandaatmatrix: gremium × soort besluit.")
class MandaatCel:
    gremium: str = strawberry.field(description="Code van het gremium.")
    gremium_naam: str = strawberry.field(description="Naam van het gremium.")
    gremium_type: GremiumType = strawberry.field(description="Type van het gremium.")
    gremium_status: GremiumStatus = strawberry.field(description="Status van het gremium op de peildatum.")
    soort: BesluitSoort = strawberry.field(description="Binnen de kaders, inhoudelijk kaderwijzigend of financieel.")
    bevoegdheid: Bevoegdheid = strawberry.field(description="Besluit (mag besluiten), advies (mag adviseren) of geen.")
    regel: str = strawberry.field(description="De regel die dit bepaalt.")
    omschrijving: str = strawberry.field(description="De regel in gewone taal.")
    na: list[str] = strawberry.field(description="Gremia die hetzelfde voorstel eerst moeten behandelen.")


def cel_type(c: MatrixCel) -> MandaatCel:
    return MandaatCel(
        gremium=c.gremium, gremium_naam=c.gremium_naam, gremium_type=GremiumType(c.gremium_type),
        gremium_status=GremiumStatus(c.gremium_status), soort=BesluitSoort(c.soort),
        bevoegdheid=Bevoegdheid(c.bevoegdheid), regel=c.regel, omschrijving=c.omschrijving, na=list(c.na),
    )  # fmt: skip


@strawberry.type(description="De mandaatmatrix van een regio op een datum.")
class Mandaatmatrix:
    regio: str = strawberry.field(description="Code van de regio.")
    datum: dt.date = strawberry.field(description="De datum waarop de regels golden.")
    versie: int | None = strawberry.field(description="De versie van de regeling die toen gold (leeg: nog geen).")
    regels: list[Mandaatregel] = strawberry.field(description="De regels van die versie, in volgorde.")
    cellen: list[MandaatCel] = strawberry.field(description="Per gremium en soort besluit: besluit, advies of geen.")


@strawberry.type(description="Een beslispunt met een eigen uitkomst.")
class Beslispunt:
    nummer: int = strawberry.field(description="Volgnummer.")
    tekst: str = strawberry.field(description="Het beslispunt.")
    uitkomst: Uitkomst = strawberry.field(description="Open tot het besluit genomen is, daarna de uitkomst.")


@strawberry.type(description="Een advies vooraf, door een gremium of organisatie; afwijkende adviezen blijven staan.")
class Advies:
    adviseur: str = strawberry.field(description="Het adviserende gremium (code) of de organisatie.")
    adviseur_soort: AdviseurSoort = strawberry.field(description="Een gremium of een organisatie.")
    standpunt: Standpunt = strawberry.field(description="Het standpunt van het advies.")
    toelichting: str | None = strawberry.field(description="De kanttekeningen of opmerkingen.")
    datum: dt.date = strawberry.field(description="Datum van het advies.")


@strawberry.type(description="Een object waarop het besluit betrekking heeft.")
class Koppeling:
    soort: KoppelSoort = strawberry.field(description="Soort object.")
    object_id: str = strawberry.field(description="Id van het object.")


@strawberry.type(description="Een wijziging die op gezag van het besluit is gemaakt.")
class Effect:
    object_id: str = strawberry.field(description="Id van het gewijzigde object.")
    object_type: str = strawberry.field(description="Soort object (aggregaat), bv. Ontwikkelpunt.")
    object_version: int = strawberry.field(
        description="Versie van het object na de wijziging.",
        deprecation_reason="Gebruik `objectVersie`; vervalt na 2027-06-30.",
    )
    event_type: str = strawberry.field(
        description="Soort wijziging, bv. Ontwikkelpunt.PlanningBijgesteld.",
        deprecation_reason="Gebruik `gebeurtenis`; vervalt na 2027-06-30.",
    )
    positie: int = strawberry.field(description="Positie in het eventlog.")
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer vastgelegd.")
    actor_id: str = strawberry.field(
        description="Wie (actor-id).",
        deprecation_reason="Gebruik `vastgelegdDoor` (naam, rol, organisatie); vervalt na 2027-06-30.",
    )
    vastgelegd_door = official_field("actor_id", "Wie de wijziging maakte: naam (of '[gewist]'), rol en organisatie.")

    @strawberry.field(description="Versie van het object na de wijziging.")
    def object_versie(self) -> int:
        return self.object_version

    @strawberry.field(description="Type gebeurtenis, bijvoorbeeld 'Ontwikkelpunt.PlanningBijgesteld'.")
    def gebeurtenis(self) -> str:
        return self.event_type


def effect_type(e: effecten_view.EffectRow) -> Effect:
    return Effect(
        object_id=to_global_id(e.object_type, e.object_id), object_type=e.object_type, object_version=e.object_version,
        event_type=e.event_type, positie=e.positie, vastgelegd_op=e.recorded_at, actor_id=e.actor_id,
    )  # fmt: skip


@strawberry.type(description="Eén stap in de geschiedenis van een besluit (nooit herschreven).")
class Besluitstap:
    stap: BesluitstapSoort = strawberry.field(description="Voorgesteld, advies uitgebracht, geagendeerd, genomen, ...")
    versie: int = strawberry.field(description="Versie van het besluit na deze stap.")
    positie: int = strawberry.field(description="Positie in het eventlog.")
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer vastgelegd.")
    actor_id: str = strawberry.field(
        description="Wie (actor-id).",
        deprecation_reason="Gebruik `vastgelegdDoor` (naam, rol, organisatie); vervalt na 2027-06-30.",
    )
    vastgelegd_door = official_field("actor_id", "Wie deze stap zette: naam (of '[gewist]'), rol en organisatie.")
    toelichting: str | None = strawberry.field(description="Waarom.")
    correctie_van: int | None = strawberry.field(description="Bij een correctie: de versie van de gecorrigeerde stap.")
    details: JSON = strawberry.field(description="De vastgelegde gegevens van deze stap.")


@strawberry.type(description="Woo-publicatiestatus van een besluit.")
class WooStatus:
    status: Publicatiestatus = strawberry.field(description="Te publiceren, gepubliceerd of niet openbaar.")
    datum: dt.date | None = strawberry.field(description="Publicatiedatum.")
    grond: str | None = strawberry.field(description="Grond voor niet-openbaarheid.")


@strawberry.type(description="Een besluit: wie besloot wat, op welk gezag, na welk advies, en wat het veranderde.")
class Besluit(Node):
    kenmerk: str = strawberry.field(description="Kenmerk, uniek in de regio.")
    regio: str = strawberry.field(description="Code van de regio.")
    onderwerp: str = strawberry.field(description="Onderwerp.")
    gremium: str = strawberry.field(description="Het gremium dat (nu) besluit.")
    overleg_id: str | None = strawberry.field(description="Het overleg waarin het is geagendeerd of genomen.")
    voorstel: str | None = strawberry.field(description="Verwijzing naar het voorstel (gedeeld tussen gremia).")
    status: BesluitStatus = strawberry.field(description="Levenscyclus van het besluit.")
    datum: dt.date | None = strawberry.field(description="Datum waarop besloten is (werkelijkheid).")
    vastgelegd_op: dt.datetime | None = strawberry.field(description="Wanneer het besluit is vastgelegd.")
    voorgesteld_op: dt.datetime = strawberry.field(description="Wanneer het voorstel is vastgelegd.")
    kader_inhoudelijk: bool = strawberry.field(description="Wijzigt de inhoudelijke kaders.")
    kader_financieel: bool = strawberry.field(description="Wijzigt de financiële kaders.")
    overwegingen: list[str] = strawberry.field(description="Overwegingen.")
    betreft_gemeenten: list[str] = strawberry.field(description="Betreft deze gemeenten (leeg = de hele regio).")
    mandaat_regel: str | None = strawberry.field(description="De mandaatregel waarop het besluit berust.")
    mandaat_versie: int | None = strawberry.field(description="De versie van de mandaatregeling op de besluitdatum.")
    doorgeleid_van: str | None = strawberry.field(description="Het gremium dat het besluit doorgeleid heeft.")
    woo: WooStatus = strawberry.field(description="Woo-publicatiestatus.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")
    beslispunten: list[Beslispunt] = strawberry.field(description="De beslispunten met hun uitkomst.")
    adviezen: list[Advies] = strawberry.field(description="De adviezen vooraf, ook afwijkende.")
    koppelingen: list[Koppeling] = strawberry.field(description="De objecten waarop het besluit betrekking heeft.")
    effecten: list[Effect] = strawberry.field(description="Wat op gezag van dit besluit is gewijzigd.")
    historie: list[Besluitstap] = strawberry.field(description="Elke stap van het besluit, met correcties.")


def _group(rows: list[Any]) -> dict[UUID, list[Any]]:
    out: dict[UUID, list[Any]] = {}
    for r in rows:
        out.setdefault(UUID(str(r.besluit_id)), []).append(r)
    return out


def besluit_type(b: lijst.BesluitRow, parts: dict[str, dict[UUID, list[Any]]]) -> Besluit:
    key = b.besluit_id
    return Besluit(
        id=to_global_id("Besluit", key), kenmerk=b.kenmerk, regio=b.regio, onderwerp=b.onderwerp, gremium=b.gremium,
        overleg_id=to_global_id("Overleg", b.overleg_id) if b.overleg_id else None, voorstel=b.voorstel,
        status=BesluitStatus(b.status),
        datum=b.datum, vastgelegd_op=b.vastgelegd_op, voorgesteld_op=b.voorgesteld_op,
        kader_inhoudelijk=b.kader_inhoudelijk, kader_financieel=b.kader_financieel,
        overwegingen=list(b.overwegingen), betreft_gemeenten=list(b.betreft_gemeenten),
        mandaat_regel=b.mandaat_regel, mandaat_versie=b.mandaat_versie, doorgeleid_van=b.doorgeleid_van,
        woo=WooStatus(status=Publicatiestatus(b.woo_status), datum=b.woo_datum, grond=b.woo_grond), version=b.version,
        beslispunten=[Beslispunt(nummer=p.nummer, tekst=p.tekst, uitkomst=Uitkomst(p.uitkomst))
                      for p in parts["p"].get(key, [])],
        adviezen=[Advies(adviseur=a.adviseur, adviseur_soort=AdviseurSoort(a.adviseur_soort),
                         standpunt=Standpunt(a.standpunt), toelichting=a.toelichting, datum=a.datum)
                  for a in parts["a"].get(key, [])],
        koppelingen=[Koppeling(soort=KoppelSoort(k.soort), object_id=k.object_id) for k in parts["k"].get(key, [])],
        effecten=[effect_type(e) for e in parts["e"].get(key, [])],
        historie=[Besluitstap(stap=BesluitstapSoort(h.stap), versie=h.versie, positie=h.positie,
                              vastgelegd_op=h.recorded_at, actor_id=h.actor_id, toelichting=h.toelichting,
                              correctie_van=h.correctie_van, details=h.details) for h in parts["h"].get(key, [])],
    )  # fmt: skip


async def besluit_parts(conn: Any, ids: list[UUID], as_of: int | None) -> dict[str, dict[UUID, list[Any]]]:
    """The beslispunten, adviezen, koppelingen, effecten and history of a page of besluiten, batched."""
    return {
        "p": _group(await lijst.onderdelen(conn, lijst.BeslispuntRow, ids, as_of)),
        "a": _group(await lijst.onderdelen(conn, lijst.AdviesRow, ids, as_of)),
        "k": _group(await lijst.onderdelen(conn, lijst.KoppelingRow, ids, as_of)),
        "h": _group(await lijst.onderdelen(conn, lijst.HistorieRow, ids, as_of)),
        "e": _group(await effecten_view.effecten_van_besluiten(conn, [str(i) for i in ids], as_of)),
    }

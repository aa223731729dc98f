"""GraphQL types of the ontwikkelplannen, built from view rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from domain.errors import DomainError
from projections import temporal
from projections.plans import queries as q
from projections.plans.queries import DeelstapRow, PlanRow, PuntRow, StandRow
from projections.plans.regiobeeld import RegionaalRow, VoortgangRow
from projections.plans.sql import PuntFilter
from service.graphql.context import Context
from service.graphql.governance.besluit import BesluitVoorObject
from service.graphql.pagination import After, Before, Connection, First, Last, Page, connection, paging
from service.graphql.people import Official, Verantwoordelijken, official
from service.graphql.plans.links import besluiten_van_punt, mijlpalen_van_punt
from service.graphql.programme.types import Planningregel
from service.graphql.relay import Node, global_id_or_none, to_global_id
from service.graphql.vocabulary import (
    DocumentNiveau,
    OntwikkelpuntStatus,
    PlanningPrecisie,
    PlanStatus,
    Voortgangssignaal,
)


@strawberry.enum(description="Een waarschuwing over de kwaliteit van een ontwikkelpunt (planhygiëne).")
class HygieneWaarschuwing(Enum):
    GEEN_ZELFSCAN_LINK = "geen_zelfscan_link"
    GEEN_PLANNING = "geen_planning"
    VAGE_PLANNING = "vage_planning"
    GEEN_STAND_VAN_ZAKEN = "geen_stand_van_zaken"
    VEROUDERDE_STAND_VAN_ZAKEN = "verouderde_stand_van_zaken"
    KOSTEN_ZONDER_DEKKING = "kosten_zonder_dekking"


@strawberry.type(description="Een document dat aan het plan ten grondslag ligt.")
class GrondslagDocument:
    niveau: DocumentNiveau = strawberry.field(description="Landelijk, regionaal of lokaal.")
    titel: str = strawberry.field(description="Titel van het document.")
    verwijzing: str | None = strawberry.field(description="Link of kenmerk.")


@strawberry.type(description="Planning (kolom 7): gereeddatum met haar precisie, en eventueel een startdatum.")
class Planning:
    start: dt.date | None = strawberry.field(description="Start van de actie.")
    gereed: dt.date = strawberry.field(description="Wanneer de actie gereed is.")
    precisie: PlanningPrecisie = strawberry.field(description="Hoe precies `gereed` bekend is.")


@strawberry.type(description="Kosten en hoe die gedekt worden (kolom 5).")
class Kosten:
    bedrag: Decimal | None = strawberry.field(description="Bedrag in euro's.")
    omschrijving: str | None = strawberry.field(description="Waarvoor de kosten zijn.")
    dekking: str | None = strawberry.field(description="Hoe de kosten gedekt worden.")
    begrotingsjaar: int | None = strawberry.field(description="Het begrotingsjaar van de dekking.")


@strawberry.type(description="Een deelstap van de verbeteractie, in chronologische volgorde.")
class Deelstap:
    id: str = strawberry.field(description="Id van de deelstap binnen het ontwikkelpunt (d1, d2, ...).")
    volgorde: int = strawberry.field(description="Plaats in de volgorde (1 = eerst).")
    tekst: str = strawberry.field(description="Wat er moet gebeuren.")
    gepland: dt.date | None = strawberry.field(description="Geplande datum.")
    afgerond_op: dt.date | None = strawberry.field(description="Datum waarop de deelstap is afgerond.")


@strawberry.type(description="Een gedateerde stand van zaken (kolom 8); de eerste is de nulmeting.")
class StandVanZaken:
    volgnummer: int = strawberry.field(description="1 = de eerste (de nulmeting).")
    peildatum: dt.date = strawberry.field(description="De datum waarover deze stand van zaken gaat.")
    tekst: str = strawberry.field(description="Het verhaal.")
    signaal: Voortgangssignaal = strawberry.field(description="Op koers, aandacht nodig of achter.")
    auteur: str = strawberry.field(
        description="Actor-id van wie de stand van zaken schreef.",
        deprecation_reason="Gebruik `opgesteldDoor` (naam, rol, organisatie); vervalt na 2027-06-30.",
    )
    baseline: bool = strawberry.field(
        description="Is dit de nulmeting bij de start?",
        deprecation_reason="Gebruik `nulmeting`; vervalt na 2027-06-30.",
    )
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer deze stand is vastgelegd.")

    @strawberry.field(description="Is dit de nulmeting bij de start?")
    def nulmeting(self) -> bool:
        return self.baseline

    @strawberry.field(description="Wie de stand van zaken schreef: naam (of '[gewist]'), rol en organisatie.")
    async def opgesteld_door(self, info: Info[Context, None]) -> Official:
        return await official(info.context, self.auteur)


@strawberry.type(description="Een ontwikkelpunt van een lokaal plan met alle acht kolommen.")
class Ontwikkelpunt(Node):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    basisfunctie: int = strawberry.field(description="Basisfunctie 1-5.")
    thema: str = strawberry.field(description="Code van de ontwikkelpunt-tabel in het template (BF1-06, BF3, ...).")
    doel: str = strawberry.field(description="Kolom 1: het ontwikkelpunt als doel.")
    zelfscan_link: str | None = strawberry.field(description="Kolom 1: de link met de analyse van de zelfscan.")
    beoogd_resultaat: str | None = strawberry.field(description="Kolom 2: wanneer tevreden?")
    indicatoren: list[str] = strawberry.field(description="Kolom 2: prestatie-indicatoren.")
    anders_leren_doen: str | None = strawberry.field(description="Kolom 3: anders leren doen.")
    verbeteractie: str | None = strawberry.field(description="Kolom 4: omschrijving verbeteractie.")
    deelstappen: list[Deelstap] = strawberry.field(description="Kolom 4: de deelstappen, op volgorde.")
    kosten: Kosten | None = strawberry.field(description="Kolom 5: kosten en dekking.")
    uitvoerder: str | None = strawberry.field(description="Kolom 6: wie voert de actie uit.")
    planning: Planning | None = strawberry.field(description="Kolom 7: planning.")
    laatste_stand_van_zaken: StandVanZaken | None = strawberry.field(description="Kolom 8: de laatste stand.")
    status: OntwikkelpuntStatus = strawberry.field(description="Levenscyclus.")
    hygiene: list[HygieneWaarschuwing] = strawberry.field(description="Waarschuwingen over de planhygiëne.")
    version: int = strawberry.field(description="Versie, voor `expectedVersion`.")
    punt_id: strawberry.Private[UUID | None] = None
    gelezen_op: strawberry.Private[int | None] = None
    gelezen_peildatum: strawberry.Private[dt.date | None] = None

    @strawberry.field(
        description=(
            "De mijlpalen van dit ontwikkelpunt en van zijn deelstappen (met lokale instanties),"
            " op verwachte datum; voor het hele plan in één keer opgehaald. Met de peildatum van het plan:"
            " zoals ze er op die datum voor stonden, beoordeeld op die datum."
        )
    )
    async def mijlpalen(self, info: Info[Context, None]) -> list[Planningregel]:
        if self.punt_id is None:
            return []
        deelstappen = [d.id for d in self.deelstappen]
        return await mijlpalen_van_punt(
            info.context, self.gelezen_op, self.punt_id, deelstappen, self.gelezen_peildatum
        )

    @strawberry.field(
        description=(
            "De besluiten op wier gezag dit ontwikkelpunt is gewijzigd (relatie `effect`, één per wijziging)"
            " of die het koppelen (`koppeling`); voor het hele plan in één keer opgehaald."
        )
    )
    async def besluiten(self, info: Info[Context, None]) -> list[BesluitVoorObject]:
        if self.punt_id is None:
            return []
        return await besluiten_van_punt(info.context, self.gelezen_op, self.punt_id, self.gemeente)


@strawberry.type(description="De voortgang van één gemeente op een regionaal ontwikkelpunt.")
class LokaleVoortgang(Node):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    uitvoerder: str | None = strawberry.field(description="Wie lokaal uitvoert.")
    planning: Planning | None = strawberry.field(description="De lokale planning.")
    laatste_stand_van_zaken: StandVanZaken | None = strawberry.field(description="De laatste lokale stand.")
    version: int = strawberry.field(description="Versie, voor `expectedVersion`.")


@strawberry.type(description="Een regionaal vastgesteld ontwikkelpunt; staat in elk lokaal plan van de regio.")
class RegionaalOntwikkelpunt(Node):
    regio: str = strawberry.field(description="Code van de regio.")
    basisfunctie: int = strawberry.field(description="Basisfunctie 1-5.")
    thema: str = strawberry.field(description="Code van de ontwikkelpunt-tabel.")
    doel: str = strawberry.field(description="Het ontwikkelpunt als doel.")
    beoogd_resultaat: str = strawberry.field(description="Wanneer tevreden?")
    indicatoren: list[str] = strawberry.field(description="Prestatie-indicatoren.")
    besluit_id: str | None = strawberry.field(description="Het besluit waarmee het punt is vastgesteld.")
    actief: bool = strawberry.field(description="Niet vervallen.")
    version: int = strawberry.field(description="Versie, voor `expectedVersion`.")
    voortgang: list[LokaleVoortgang] = strawberry.field(
        description="De voortgang per gemeente (in een plan: alleen die gemeente)."
    )


MAX_FILTER_VALUES = 20
MAX_FILTER_TEXT = 200


class FilterRefused(DomainError):
    """A filter value the API does not accept: a typed ``BAD_USER_INPUT``, before any SQL."""

    code = "BAD_USER_INPUT"


@strawberry.input(
    description=(
        "Welke ontwikkelpunten: elk opgegeven onderdeel moet kloppen (EN); een lijst klopt bij één van haar"
        f" waarden (hoogstens {MAX_FILTER_VALUES}). In de database gefilterd, met wat u mag zien."
    )
)
class OntwikkelpuntFilter:
    basisfunctie: list[int] | None = strawberry.field(default=None, description="Basisfuncties 1-5.")
    thema: list[str] | None = strawberry.field(default=None, description="Codes van de tabellen (BF1-06, BF3, ...).")
    status: list[OntwikkelpuntStatus] | None = strawberry.field(default=None, description="Levenscyclus.")
    signaal: list[Voortgangssignaal] | None = strawberry.field(
        default=None, description="Het signaal van de laatste stand van zaken (punten zonder stand vallen af)."
    )
    verouderd: bool | None = strawberry.field(
        default=None,
        description="true: alleen punten met een verouderde stand van zaken (hygiëne VEROUDERDE_STAND_VAN_ZAKEN);"
        " false: alleen punten zonder die waarschuwing.",
    )
    stale: bool | None = strawberry.field(
        default=None,
        description="Zie `verouderd` (wint als beide gegeven zijn).",
        deprecation_reason="Gebruik `verouderd`; vervalt na 2027-06-30.",
    )
    tekst: str | None = strawberry.field(
        default=None,
        description=f"Komt voor in doel, beoogd resultaat, anders leren doen, verbeteractie of uitvoerder"
        f" (hoofdletterongevoelig, 1-{MAX_FILTER_TEXT} tekens).",
    )


def _values(name: str, values: list[Any] | None) -> list[Any] | None:
    if values is not None and not 1 <= len(values) <= MAX_FILTER_VALUES:
        raise FilterRefused(f"filter `{name}`: 1 tot {MAX_FILTER_VALUES} waarden")
    return values


def punt_filter(f: OntwikkelpuntFilter | None) -> PuntFilter:
    """The checked filter (typed refusals name the part), linear in its size."""
    if f is None:
        return PuntFilter()
    basisfuncties = _values("basisfunctie", f.basisfunctie)
    if basisfuncties is not None and any(not 1 <= b <= 5 for b in basisfuncties):
        raise FilterRefused("filter `basisfunctie`: een basisfunctie is 1 tot en met 5")
    themas = _values("thema", f.thema)
    if themas is not None and any(not 1 <= len(t) <= 20 for t in themas):
        raise FilterRefused("filter `thema`: een themacode van 1 tot 20 tekens")
    if f.tekst is not None and not 1 <= len(f.tekst) <= MAX_FILTER_TEXT:
        raise FilterRefused(f"filter `tekst`: 1 tot {MAX_FILTER_TEXT} tekens")
    status = _values("status", f.status)
    signaal = _values("signaal", f.signaal)
    return PuntFilter(
        basisfunctie=basisfuncties,
        thema=themas,
        status=[x.value for x in status] if status is not None else None,
        signaal=[x.value for x in signaal] if signaal is not None else None,
        stale=f.verouderd if f.verouderd is not None else f.stale,
        tekst=f.tekst,
    )


Filter = Annotated[
    OntwikkelpuntFilter | None, strawberry.argument(description="Alleen de ontwikkelpunten die hieraan voldoen.")
]


@strawberry.type(description="Een lokaal meerjarig ontwikkelplan: kop, ontwikkelpunten en regionale punten.")
class Ontwikkelplan(Node):
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    regio: str = strawberry.field(description="Code van de regio.")
    periode: str = strawberry.field(description="Periode, bijvoorbeeld 2025-2027.")
    titel: str = strawberry.field(description="Titel van het plan.")
    template_versie: str = strawberry.field(description="De versie van het template waarop het plan is gemaakt.")
    status: PlanStatus = strawberry.field(description="Levenscyclus.")
    documenten: list[GrondslagDocument] = strawberry.field(description="Grondslagdocumenten op drie niveaus.")
    portefeuillehouders: list[str] = strawberry.field(description="Ids van de verantwoordelijke portefeuillehouders.")
    beleidsmedewerkers: list[str] = strawberry.field(description="Ids van de verantwoordelijke beleidsmedewerkers.")
    lokale_aanvullingen: str = strawberry.field(description="Lokale aanvullingen.")
    vastgesteld_op: dt.date | None = strawberry.field(description="Datum van vaststelling.")
    version: int = strawberry.field(description="Versie van de kop, voor `expectedVersion`.")
    punten: strawberry.Private[list[Ontwikkelpunt]]

    @strawberry.field(description="Portefeuillehouders en beleidsmedewerkers als personen: naam, rol, organisatie.")
    def verantwoordelijken(self) -> Verantwoordelijken:
        return Verantwoordelijken(
            portefeuillehouder_ids=self.portefeuillehouders, beleidsmedewerker_ids=self.beleidsmedewerkers
        )

    plan_id: strawberry.Private[UUID]

    @strawberry.field(
        description="De ontwikkelpunten die u mag zien, op basisfunctie en thema (leeg in een overzicht);"
        " met `filter` alleen die daaraan voldoen."
    )
    async def ontwikkelpunten(self, info: Info[Context, None], filter: Filter = None) -> list[Ontwikkelpunt]:
        only = punt_filter(filter)
        if filter is None or not self.volledig:
            return self.punten if self.volledig else []
        ctx = info.context
        with temporal.valid_time(self.peildatum):
            async with ctx.db() as conn:
                rows = await q.points(
                    conn, self.gelezen_op, ctx.runtime.settings.stale_after_weeks, plan_id=self.plan_id, only=only
                )
        return [punt(r, self.gelezen_op) for r in rows]

    @strawberry.field(
        description="De ontwikkelpunten die u mag zien als gepagineerde lijst in sjabloonvolgorde, met `filter` en"
        " `totalCount` (in SQL); leeg in een overzicht."
    )
    async def ontwikkelpunten_connection(
        self,
        info: Info[Context, None],
        filter: Filter = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Ontwikkelpunt]:
        only = punt_filter(filter)
        page = paging(info, first, after, last, before)
        ctx = info.context
        if not self.volledig:
            return connection(Page(rows=[], cursors=[], has_next=False, has_previous=False, total=0), punt)
        with temporal.valid_time(self.peildatum):
            async with ctx.db() as conn:
                rows = await q.points_page(
                    conn, self.gelezen_op, ctx.runtime.settings.stale_after_weeks, self.plan_id, only, page
                )
        return connection(rows, lambda r: punt(r, self.gelezen_op))

    regionale_ontwikkelpunten: list[RegionaalOntwikkelpunt] = strawberry.field(
        description="De regionale punten van de regio met de voortgang van deze gemeente (leeg in een overzicht)."
    )
    volledig: strawberry.Private[bool] = False
    gelezen_op: strawberry.Private[int | None] = None
    peildatum: strawberry.Private[dt.date | None] = None


def stand(row: StandRow | None) -> StandVanZaken | None:
    if row is None:
        return None
    return StandVanZaken(
        volgnummer=row.volgnummer,
        peildatum=row.peildatum,
        tekst=row.tekst,
        signaal=Voortgangssignaal(row.signaal),
        auteur=row.auteur,
        baseline=row.baseline,
        vastgelegd_op=row.vastgelegd_op,
    )


def planning(start: dt.date | None, gereed: dt.date | None, precisie: str | None) -> Planning | None:
    if gereed is None or precisie is None:
        return None
    return Planning(start=start, gereed=gereed, precisie=PlanningPrecisie(precisie))


def deelstap(d: DeelstapRow) -> Deelstap:
    return Deelstap(id=d.id, volgorde=d.volgorde, tekst=d.tekst, gepland=d.gepland, afgerond_op=d.afgerond_op)


def punt(r: PuntRow, as_of: int | None = None) -> Ontwikkelpunt:
    """The point as read at position ``as_of`` (its mijlpalen and besluiten are read there too)."""
    has_kosten = any(v is not None for v in (r.kosten_bedrag, r.kosten_omschrijving, r.dekking, r.begrotingsjaar))
    kosten = Kosten(
        bedrag=r.kosten_bedrag, omschrijving=r.kosten_omschrijving, dekking=r.dekking, begrotingsjaar=r.begrotingsjaar
    )
    return Ontwikkelpunt(
        id=to_global_id("Ontwikkelpunt", r.punt_id),
        gemeente=r.gemeente,
        basisfunctie=r.basisfunctie,
        thema=r.thema,
        doel=r.doel,
        zelfscan_link=r.zelfscan_link,
        beoogd_resultaat=r.beoogd_resultaat,
        indicatoren=list(r.indicatoren),
        anders_leren_doen=r.anders_leren_doen,
        verbeteractie=r.verbeteractie,
        deelstappen=[deelstap(d) for d in r.deelstappen],
        kosten=kosten if has_kosten else None,
        uitvoerder=r.uitvoerder,
        planning=planning(r.planning_start, r.planning_gereed, r.planning_precisie),
        laatste_stand_van_zaken=stand(r.laatste_stand),
        status=OntwikkelpuntStatus(r.status),
        hygiene=[HygieneWaarschuwing(h) for h in r.hygiene],
        version=r.version,
        punt_id=r.punt_id,
        gelezen_op=as_of,
        gelezen_peildatum=temporal.current_peildatum(),
    )


def voortgang(v: VoortgangRow) -> LokaleVoortgang:
    s = v.stand
    row = None
    if s is not None:
        row = StandRow(
            volgnummer=s["volgnummer"],
            peildatum=dt.date.fromisoformat(s["peildatum"]),
            tekst=s["tekst"],
            signaal=s["signaal"],
            auteur=s["auteur"],
            baseline=s["baseline"],
            vastgelegd_op=dt.datetime.fromisoformat(s["vastgelegd_op"]),
        )
    return LokaleVoortgang(
        id=to_global_id("LokaleVoortgang", v.voortgang_id),
        gemeente=v.gemeente,
        uitvoerder=v.uitvoerder,
        planning=planning(v.planning_start, v.planning_gereed, v.planning_precisie),
        laatste_stand_van_zaken=stand(row),
        version=v.version,
    )


def regionaal(r: RegionaalRow, progress: list[VoortgangRow]) -> RegionaalOntwikkelpunt:
    return RegionaalOntwikkelpunt(
        id=to_global_id("RegionaalOntwikkelpunt", r.punt_id),
        regio=r.regio,
        basisfunctie=r.basisfunctie,
        thema=r.thema,
        doel=r.doel,
        beoogd_resultaat=r.beoogd_resultaat,
        indicatoren=list(r.indicatoren),
        besluit_id=global_id_or_none("Besluit", r.besluit_id),
        actief=r.status == "actief",
        version=r.version,
        voortgang=[voortgang(v) for v in progress if v.punt_id == r.punt_id],
    )


def plan(
    p: PlanRow,
    punten: list[PuntRow],
    regionale: list[RegionaalRow],
    progress: list[VoortgangRow],
    as_of: int | None = None,
    volledig: bool = True,
) -> Ontwikkelplan:
    docs = [
        GrondslagDocument(niveau=DocumentNiveau(d["niveau"]), titel=d["titel"], verwijzing=d.get("verwijzing"))
        for d in p.documenten
    ]
    return Ontwikkelplan(
        id=to_global_id("Ontwikkelplan", p.plan_id),
        gemeente=p.gemeente,
        regio=p.regio,
        periode=p.periode,
        titel=p.titel,
        template_versie=p.template_versie,
        status=PlanStatus(p.status),
        documenten=docs,
        portefeuillehouders=list(p.portefeuillehouders),
        beleidsmedewerkers=list(p.beleidsmedewerkers),
        lokale_aanvullingen=p.lokale_aanvullingen,
        vastgesteld_op=p.vastgesteld_op,
        version=p.version,
        punten=[punt(r, as_of) for r in punten],
        plan_id=p.plan_id,
        volledig=volledig,
        gelezen_op=as_of,
        peildatum=temporal.current_peildatum(),
        regionale_ontwikkelpunten=[regionaal(r, progress) for r in regionale],
    )

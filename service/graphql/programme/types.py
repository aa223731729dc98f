"""GraphQL types of the regional programme, built from view rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from projections.programme import begroting as bv
from projections.programme import mijlpalen as mv
from projections.programme import programma as pv
from projections.programme import risico as rv
from service.graphql.people import official_field, officials_field, optional_official_field
from service.graphql.relay import Node, global_id_or_none, to_global_id
from service.graphql.vocabulary import (
    EigenaarSoort,
    FaseStatus,
    MijlpaalSoort,
    PlanningPrecisie,
    PlanningStatus,
    PlanningVorm,
    ProgrammaFase,
    ProjectHerkomst,
    ProjectSoort,
    RedenCategorie,
    RisicoStatus,
    RisicowijzigingSoort,
    Voortgangssignaal,
)

VERVALT = "vervalt na 2027-06-30."
ACTOR_ID = f"Gebruik `vastgelegdDoor` (naam, rol, organisatie); {VERVALT}"


@strawberry.type(description="Een programmafase; fasen overlappen, maar starten nooit vóór de vorige.")
class Programmafase:
    fase: ProgrammaFase = strawberry.field(description="Initiatie, definitie, ontwerp, realisatie of nazorg.")
    startdatum: dt.date = strawberry.field(description="Start van de fase.")
    einddatum: dt.date | None = strawberry.field(description="Einde, als de fase is afgerond.")
    oplevering: str = strawberry.field(description="Wat de fase oplevert (programmaplan, addendum, ...).")
    verantwoording_aan: str = strawberry.field(
        description="Het gremium waaraan over de fase verantwoording wordt afgelegd."
    )


@strawberry.type(
    description="Een programmafase in de fasering: gepland (geplande start en einde) en, zodra het gebeurt,"
    " gestart en afgerond (werkelijke start en einde). Fasen overlappen."
)
class Faseplanning:
    fase: ProgrammaFase = strawberry.field(description="Initiatie, definitie, ontwerp, realisatie of nazorg.")
    status: FaseStatus = strawberry.field(description="Gepland (nog niet gestart), lopend of afgerond.")
    geplande_start: dt.date | None = strawberry.field(description="Geplande start; leeg als de fase niet gepland is.")
    geplande_eind: dt.date | None = strawberry.field(description="Gepland einde; leeg als de fase niet gepland is.")
    startdatum: dt.date | None = strawberry.field(description="Werkelijke start; leeg zolang de fase niet gestart is.")
    einddatum: dt.date | None = strawberry.field(description="Werkelijk einde, als de fase is afgerond.")
    oplevering: str = strawberry.field(description="Wat de fase oplevert (programmaplan, addendum, ...).")
    verantwoording_aan: str = strawberry.field(
        description="Het gremium waaraan over de fase verantwoording wordt afgelegd."
    )


@strawberry.type(description="Een initiatief dat met het programma verbonden is maar er geen onderdeel van is.")
class GekoppeldInitiatief:
    naam: str = strawberry.field(description="Naam van het initiatief.")
    relatie: str = strawberry.field(description="De relatie, bijvoorbeeld 'verbinding, geen onderdeel'.")
    eigenaar: str = strawberry.field(description="Waar het initiatief wel onder valt.")


@strawberry.type(description="Een doel van een project; bijgesteld met een reden.")
class Projectdoel:
    nummer: int = strawberry.field(description="Volgnummer van het doel binnen het project.")
    tekst: str = strawberry.field(description="Het doel zoals het nu luidt.")
    reden: str | None = strawberry.field(description="De reden van de laatste bijstelling.")


@strawberry.type(description="De lokale planning van een project in één gemeente.")
class LokalePlanning:
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    startdatum: dt.date | None = strawberry.field(description="Lokale start.")
    einddatum: dt.date | None = strawberry.field(description="Lokaal einde.")
    lokale_doelen: list[str] = strawberry.field(description="Doelen waaraan lokaal wordt gewerkt.")
    afstemming_met: list[str] = strawberry.field(description="Met wie lokaal wordt afgestemd.")


@strawberry.type(description="Een voortgangsrapportage van de projectleider aan de programmamanager.")
class Voortgangsrapportage:
    datum: dt.date = strawberry.field(description="Datum van de rapportage.")
    periode: str = strawberry.field(description="De periode waarover gerapporteerd wordt.")
    signaal: Voortgangssignaal = strawberry.field(description="Op koers, aandacht nodig of achter.")
    verhaal: str = strawberry.field(description="Het verhaal achter de cijfers.")
    actor_id: str = strawberry.field(description="Wie rapporteerde (actor-id).", deprecation_reason=ACTOR_ID)
    vastgelegd_door = official_field("actor_id", "Wie rapporteerde: naam (of '[gewist]'), rol en organisatie.")


@strawberry.type(description="Een project (projectlijn of deelproject) van het programma.")
class Project(Node):
    code: str = strawberry.field(description="Korte code (ook de claim `projecten` van een projectleider).")
    programma: str = strawberry.field(description="Code van het programma.")
    naam: str = strawberry.field(description="Naam.")
    soort: ProjectSoort = strawberry.field(description="Projectlijn of deelproject.")
    hoofdproject: str | None = strawberry.field(description="Code van het hoofdproject van een deelproject.")
    herkomst: ProjectHerkomst = strawberry.field(description="Bestaand of nieuw.")
    omschrijving: str = strawberry.field(description="Omschrijving.")
    projectleider: str | None = strawberry.field(description="Actor-id van de projectleider.")
    projectleiding = optional_official_field(
        "projectleider", "De projectleider als persoon: naam (of '[gewist]'), rol en organisatie."
    )
    fase: ProgrammaFase = strawberry.field(description="Fase van het project.")
    mijlpalenplanning_vastgesteld: dt.date | None = strawberry.field(
        description="Wanneer de mijlpalenplanning werd vastgesteld."
    )
    version: int = strawberry.field(description="Versie (voor expectedVersion).")
    doelen: list[Projectdoel] = strawberry.field(description="De doelen.")
    lokale_planningen: list[LokalePlanning] = strawberry.field(description="De planning per gemeente.")
    voortgangsrapportages: list[Voortgangsrapportage] = strawberry.field(
        description="Rapportages, nieuwste eerst (alleen gevuld bij de vraag `project`)."
    )


@strawberry.type(
    description="Wie het programma opdraagt en leidt, als personen uit het personenregister (naam, rol, organisatie)."
)
class Opdrachtgeverschap:
    ambtelijk_ids: strawberry.Private[list[str]]
    bestuurlijk_ids: strawberry.Private[list[str]]
    lead_id: strawberry.Private[str | None]
    manager_id: strawberry.Private[str | None]
    ambtelijk = officials_field("ambtelijk_ids", "Ambtelijk opdrachtgever(s).")
    bestuurlijk = officials_field("bestuurlijk_ids", "Verantwoordelijke bestuurders.")
    bestuurlijk_lead = optional_official_field("lead_id", "De bestuurder die bestuurlijk opdrachtgever is.")
    programmamanager = optional_official_field("manager_id", "De programmamanager.")


@strawberry.type(description="Het regionale programma: opdrachtgevers, fasen, doelen, projecten.")
class Programma(Node):
    code: str = strawberry.field(description="Korte code.")
    naam: str = strawberry.field(description="Naam.")
    regio: str = strawberry.field(description="Code van de regio.")
    periode_start: dt.date = strawberry.field(description="Start van de looptijd.")
    periode_eind: dt.date = strawberry.field(description="Einde van de looptijd.")
    doelen: list[str] = strawberry.field(description="De doelen van het programma.")
    opdrachtgevers: list[str] = strawberry.field(description="De opdrachtgevende gemeenten (CBS-codes).")
    ambtelijk_opdrachtgevers: list[str] = strawberry.field(description="Ambtelijk opdrachtgever(s), als actor-id.")
    bestuurlijk_opdrachtgevers: list[str] = strawberry.field(description="Verantwoordelijke bestuurders, als actor-id.")
    bestuurlijk_lead: str | None = strawberry.field(description="De bestuurder die bestuurlijk opdrachtgever is.")
    programmamanager: str | None = strawberry.field(description="Actor-id van de programmamanager.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")
    fasen: list[Programmafase] = strawberry.field(description="De gestarte fasen, in volgorde.")
    fasering: list[Faseplanning] = strawberry.field(
        description="Alle geplande of gestarte fasen, in volgorde, met geplande en werkelijke start en einde."
    )
    initiatieven: list[GekoppeldInitiatief] = strawberry.field(
        description="Gekoppelde initiatieven buiten het programma."
    )
    projecten: list[Project] = strawberry.field(description="De projecten binnen het programma.")

    @strawberry.field(description="Opdrachtgevers en programmamanager als personen: naam, rol en organisatie.")
    def opdrachtgeverschap(self) -> Opdrachtgeverschap:
        return Opdrachtgeverschap(
            ambtelijk_ids=self.ambtelijk_opdrachtgevers,
            bestuurlijk_ids=self.bestuurlijk_opdrachtgevers,
            lead_id=self.bestuurlijk_lead,
            manager_id=self.programmamanager,
        )


def project(r: pv.ProjectRow, rapportages: list[pv.VoortgangRow] | None = None) -> Project:
    return Project(
        id=to_global_id("Project", r.project_id),
        code=r.code,
        programma=r.programma,
        naam=r.naam,
        soort=ProjectSoort(r.soort),
        hoofdproject=r.hoofdproject,
        herkomst=ProjectHerkomst(r.herkomst),
        omschrijving=r.omschrijving,
        projectleider=r.projectleider,
        fase=ProgrammaFase(r.fase),
        mijlpalenplanning_vastgesteld=r.mijlpalenplanning_vastgesteld,
        version=r.version,
        doelen=[Projectdoel(nummer=d.nummer, tekst=d.tekst, reden=d.reden) for d in r.doelen],
        lokale_planningen=[
            LokalePlanning(
                gemeente=lp.gemeente,
                startdatum=lp.startdatum,
                einddatum=lp.einddatum,
                lokale_doelen=lp.lokale_doelen,
                afstemming_met=lp.afstemming_met,
            )
            for lp in r.lokale_planningen
        ],
        voortgangsrapportages=[
            Voortgangsrapportage(
                datum=v.datum,
                periode=v.periode,
                signaal=Voortgangssignaal(v.signaal),
                verhaal=v.verhaal,
                actor_id=v.actor_id,
            )
            for v in rapportages or []
        ],
    )


def programma(r: pv.ProgrammaRow) -> Programma:
    return Programma(
        id=to_global_id("Programma", r.programma_id),
        code=r.code,
        naam=r.naam,
        regio=r.regio,
        periode_start=r.periode_start,
        periode_eind=r.periode_eind,
        doelen=r.doelen,
        opdrachtgevers=r.opdrachtgevers,
        ambtelijk_opdrachtgevers=r.ambtelijk,
        bestuurlijk_opdrachtgevers=r.bestuurlijk,
        bestuurlijk_lead=r.bestuurlijk_lead,
        programmamanager=r.programmamanager,
        version=r.version,
        fasen=[
            Programmafase(
                fase=ProgrammaFase(f.fase),
                startdatum=f.startdatum,
                einddatum=f.einddatum,
                oplevering=f.oplevering,
                verantwoording_aan=f.verantwoording_aan,
            )
            for f in r.fasen
            if f.startdatum is not None
        ],
        fasering=[
            Faseplanning(
                fase=ProgrammaFase(f.fase),
                status=FaseStatus.AFGEROND
                if f.einddatum
                else FaseStatus.LOPEND
                if f.startdatum
                else FaseStatus.GEPLAND,
                geplande_start=f.geplande_start,
                geplande_eind=f.geplande_eind,
                startdatum=f.startdatum,
                einddatum=f.einddatum,
                oplevering=f.oplevering,
                verantwoording_aan=f.verantwoording_aan,
            )
            for f in r.fasering
        ],
        initiatieven=[GekoppeldInitiatief(naam=i.naam, relatie=i.relatie, eigenaar=i.eigenaar) for i in r.initiatieven],
        projecten=[project(j) for j in r.projecten],
    )


@strawberry.type(description="Eén balk van de mijlpalenplanning: een mijlpaal, of zijn instantie in één gemeente.")
class Planningregel:
    mijlpaal_id: strawberry.ID = strawberry.field(description="Id van de mijlpaal.")
    gemeente: str | None = strawberry.field(
        description="CBS-code bij een lokale instantie; leeg voor de mijlpaal zelf."
    )
    titel: str = strawberry.field(description="Titel.")
    soort: MijlpaalSoort = strawberry.field(description="Soort mijlpaal.")
    eigenaar_soort: EigenaarSoort = strawberry.field(description="Programma, project, ontwikkelpunt of deelstap.")
    eigenaar_id: str = strawberry.field(description="Id van de eigenaar.")
    programma: str | None = strawberry.field(description="Code van het programma.")
    project: str | None = strawberry.field(description="Code van het project.")
    vorm: PlanningVorm = strawberry.field(
        description="mijlpaal (een moment) of activiteit (een balk van `start` tot `verwachtingEind`)."
    )
    start: dt.date | None = strawberry.field(
        description="Bij een activiteit: eerste dag van haar eerste periode; leeg bij een mijlpaal."
    )
    start_precisie: PlanningPrecisie | None = strawberry.field(description="Precisie van de start.")
    basisplanning: dt.date = strawberry.field(
        description="Eerste dag van de oorspronkelijke planning, de basisplanning (onveranderlijk)."
    )
    basisplanning_precisie: PlanningPrecisie = strawberry.field(description="Precisie van de basisplanning.")
    basisplanning_eind: dt.date = strawberry.field(description="Laatste dag van de oorspronkelijke planperiode.")
    verwachting: dt.date = strawberry.field(description="Eerste dag van de huidige verwachting.")
    verwachting_precisie: PlanningPrecisie = strawberry.field(description="Precisie van de verwachting.")
    verwachting_eind: dt.date = strawberry.field(description="Laatste dag van de verwachte periode.")
    behaald: dt.date | None = strawberry.field(description="Wanneer behaald (leeg zolang niet behaald).")
    status: PlanningStatus = strawberry.field(
        description="Gepland, behaald, vertraagd of vervallen (vertraagd is afgeleid)."
    )
    slip_dagen: int = strawberry.field(
        description="Dagen buiten de periode van de basisplanning van de behaalde datum, anders van het einde van de"
        " verwachting (of van de peildatum als die periode onbehaald voorbij is): 0 binnen de periode, positief erna,"
        " negatief ervoor. Vertraagd is precies: open en slipDagen > 0 (docs/glossary.md, Slip)."
    )
    redenen: list[str] = strawberry.field(description="De redenen van de verplaatsingen, oudste eerst.")
    waarschuwingen: list[str] = strawberry.field(description="Geschonden afhankelijkheden (einde-start).")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")

    @strawberry.field(description="Zie `basisplanning`.", deprecation_reason=f"Gebruik `basisplanning`; {VERVALT}")
    def baseline(self) -> dt.date:
        return self.basisplanning

    @strawberry.field(
        description="Zie `basisplanningPrecisie`.", deprecation_reason=f"Gebruik `basisplanningPrecisie`; {VERVALT}"
    )
    def baseline_precisie(self) -> PlanningPrecisie:
        return self.basisplanning_precisie

    @strawberry.field(
        description="Zie `basisplanningEind`.", deprecation_reason=f"Gebruik `basisplanningEind`; {VERVALT}"
    )
    def baseline_eind(self) -> dt.date:
        return self.basisplanning_eind

    @strawberry.field(description="Zie `verwachting`.", deprecation_reason=f"Gebruik `verwachting`; {VERVALT}")
    def forecast(self) -> dt.date:
        return self.verwachting

    @strawberry.field(
        description="Zie `verwachtingPrecisie`.", deprecation_reason=f"Gebruik `verwachtingPrecisie`; {VERVALT}"
    )
    def forecast_precisie(self) -> PlanningPrecisie:
        return self.verwachting_precisie

    @strawberry.field(description="Zie `verwachtingEind`.", deprecation_reason=f"Gebruik `verwachtingEind`; {VERVALT}")
    def forecast_eind(self) -> dt.date:
        return self.verwachting_eind

    @strawberry.field(description="Zie `behaald`.", deprecation_reason=f"Gebruik `behaald`; {VERVALT}")
    def actual(self) -> dt.date | None:
        return self.behaald


def planningregel(r: mv.PlanningRow) -> Planningregel:
    return Planningregel(
        mijlpaal_id=to_global_id("Mijlpaal", r.mijlpaal_id),
        gemeente=r.gemeente or None,
        titel=r.titel,
        soort=MijlpaalSoort(r.soort),
        eigenaar_soort=EigenaarSoort(r.eigenaar_soort),
        eigenaar_id=r.eigenaar_id,
        programma=r.programma,
        project=r.project,
        vorm=PlanningVorm(r.vorm),
        start=r.start,
        start_precisie=PlanningPrecisie(r.start_precisie) if r.start_precisie else None,
        basisplanning=r.baseline,
        basisplanning_precisie=PlanningPrecisie(r.baseline_precisie),
        basisplanning_eind=r.baseline_eind,
        verwachting=r.forecast,
        verwachting_precisie=PlanningPrecisie(r.forecast_precisie),
        verwachting_eind=r.forecast_eind,
        behaald=r.actual,
        status=PlanningStatus(r.status),
        slip_dagen=r.slip_dagen,
        redenen=r.redenen,
        waarschuwingen=r.waarschuwingen,
        version=r.version,
    )


@strawberry.type(description="Eén verplaatsing van een mijlpaal.")
class Verplaatsing:
    van: dt.date = strawberry.field(description="Oude verwachting.")
    van_precisie: PlanningPrecisie = strawberry.field(description="Precisie van de oude verwachting.")
    naar: dt.date = strawberry.field(description="Nieuwe verwachting.")
    naar_precisie: PlanningPrecisie = strawberry.field(description="Precisie van de nieuwe verwachting.")
    slip_dagen: int = strawberry.field(
        description="Dagen dat het nieuwe periode-einde buiten de vorige verwachte periode ligt (0 erbinnen)."
    )
    reden_categorie: RedenCategorie = strawberry.field(description="Categorie van de reden.")
    reden: str = strawberry.field(description="De reden.")
    besluit_id: str | None = strawberry.field(description="Het besluit waarop de verplaatsing berust.")
    toelichting: str | None = strawberry.field(description="Toelichting bij de wijziging.")
    actor_id: str = strawberry.field(description="Wie verplaatste (actor-id).", deprecation_reason=ACTOR_ID)
    vastgelegd_door = official_field("actor_id", "Wie verplaatste: naam (of '[gewist]'), rol en organisatie.")
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer vastgelegd.")


def verplaatsing(v: mv.VerplaatsingRow) -> Verplaatsing:
    return Verplaatsing(
        van=v.van,
        van_precisie=PlanningPrecisie(v.van_precisie),
        naar=v.naar,
        naar_precisie=PlanningPrecisie(v.naar_precisie),
        slip_dagen=v.slip_dagen,
        reden_categorie=RedenCategorie(v.reden_categorie),
        reden=v.reden,
        besluit_id=global_id_or_none("Besluit", v.besluit_id),
        toelichting=v.toelichting,
        actor_id=v.actor_id,
        vastgelegd_op=v.vastgelegd_op,
    )


@strawberry.type(description="Een mijlpaal met zijn lokale instanties en de verschuivingshistorie.")
class Mijlpaal(Node):
    regionaal: Planningregel = strawberry.field(description="De mijlpaal zelf.")
    instanties: list[Planningregel] = strawberry.field(description="De instanties per gemeente.")
    verschuivingen: list[Verplaatsing] = strawberry.field(description="Elke verplaatsing van de mijlpaal zelf.")


@strawberry.type(description="Een bedrag in één jaar.")
class JaarBedrag:
    jaar: int = strawberry.field(description="Het jaar.")
    bedrag: Decimal = strawberry.field(description="Bedrag in euro's.")


@strawberry.type(description="Een begrotingsregel.")
class Begrotingsregel:
    code: str = strawberry.field(description="Korte code.")
    taak: str = strawberry.field(description="De taak.")
    invulling: str = strawberry.field(description="De invulling.")
    pm: bool = strawberry.field(description="PM: nog geen bedrag, buiten de totalen.")
    bedragen: list[JaarBedrag] = strawberry.field(description="Bedrag per jaar.")
    totaal: Decimal | None = strawberry.field(description="Som over de jaren (leeg bij PM).")
    kader: Decimal | None = strawberry.field(description="Het vastgestelde kader van deze regel.")
    gerealiseerd: Decimal = strawberry.field(description="Gerealiseerd tot nu toe.")


@strawberry.type(description="Een financieringsbron.")
class Financieringsbron:
    naam: str = strawberry.field(description="Naam.")
    bedrag: Decimal | None = strawberry.field(description="Bedrag; leeg = PM.")
    omschrijving: str = strawberry.field(description="Omschrijving.")


@strawberry.type(description="Realisatie en verantwoording over een halfjaar.")
class Halfjaar:
    halfjaar: str = strawberry.field(description="Zoals 2023-H1.")
    gerealiseerd: Decimal = strawberry.field(description="Gerealiseerd in dit halfjaar.")
    verantwoord_op: dt.date | None = strawberry.field(description="Wanneer verantwoording werd afgelegd.")
    verantwoord_aan: str | None = strawberry.field(description="Aan welk gremium.")
    te_laat: bool = strawberry.field(description="Het halfjaar is voorbij en er is geen verantwoording afgelegd.")


@strawberry.type(description="De programmabegroting met berekende totalen.")
class Begroting:
    programma: str = strawberry.field(description="Code van het programma.")
    jaren: list[int] = strawberry.field(description="De begrotingsjaren.")
    versie: int = strawberry.field(description="De vastgestelde versie (0 = concept).")
    vastgesteld_op: dt.date | None = strawberry.field(description="Datum van de eerste vaststelling.")
    kader_totaal: Decimal | None = strawberry.field(description="Het vastgestelde totaalkader.")
    totaal: Decimal = strawberry.field(description="Totaal van alle regels die niet PM zijn.")
    totaal_per_jaar: list[JaarBedrag] = strawberry.field(description="Totaal per jaar (excl. PM).")
    regels: list[Begrotingsregel] = strawberry.field(description="De regels, in volgorde.")
    pm_regels: list[str] = strawberry.field(description="Codes van de PM-regels (apart gerapporteerd).")
    financiering: list[Financieringsbron] = strawberry.field(description="De financieringsbronnen.")
    halfjaren: list[Halfjaar] = strawberry.field(description="Realisatie en verantwoording per halfjaar.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")


def begroting(b: bv.BegrotingRow) -> Begroting:
    return Begroting(
        programma=b.programma,
        jaren=b.jaren,
        versie=b.versie,
        vastgesteld_op=b.vastgesteld_op,
        kader_totaal=b.kader_totaal,
        totaal=b.totaal,
        totaal_per_jaar=[JaarBedrag(jaar=j.jaar, bedrag=j.bedrag) for j in b.totaal_per_jaar],
        regels=[
            Begrotingsregel(
                code=r.code,
                taak=r.taak,
                invulling=r.invulling,
                pm=r.pm,
                bedragen=[JaarBedrag(jaar=j.jaar, bedrag=j.bedrag) for j in r.bedragen],
                totaal=r.totaal,
                kader=r.kader,
                gerealiseerd=r.gerealiseerd,
            )
            for r in b.regels
        ],
        pm_regels=b.pm_regels,
        financiering=[Financieringsbron(naam=s.naam, bedrag=s.bedrag, omschrijving=s.omschrijving) for s in b.bronnen],
        halfjaren=[
            Halfjaar(
                halfjaar=h.halfjaar,
                gerealiseerd=h.gerealiseerd,
                verantwoord_op=h.verantwoord_op,
                verantwoord_aan=h.verantwoord_aan,
                te_laat=h.te_laat,
            )
            for h in b.halfjaren
        ],
        version=b.version,
    )


@strawberry.type(description="Eén wijziging in de historie van een risico.")
class Risicowijziging:
    soort: RisicowijzigingSoort = strawberry.field(description="Geregistreerd, bijgewerkt, status of geëscaleerd.")
    status: RisicoStatus | None = strawberry.field(description="De nieuwe status.")
    naar: str | None = strawberry.field(description="Waarheen geëscaleerd.")
    reden: str | None = strawberry.field(description="Reden van de escalatie.")
    toelichting: str | None = strawberry.field(description="Toelichting bij de wijziging.")
    actor_id: str = strawberry.field(description="Wie (actor-id).", deprecation_reason=ACTOR_ID)
    vastgelegd_door = official_field("actor_id", "Wie: naam (of '[gewist]'), rol en organisatie.")
    vastgelegd_op: dt.datetime = strawberry.field(description="Wanneer vastgelegd.")


@strawberry.type(description="Een risico met beheersmaatregelen.")
class Risico(Node):
    nummer: str = strawberry.field(description="Nummer, zoals R7.")
    omschrijving: str = strawberry.field(description="Het risico.")
    beheersmaatregelen: list[str] = strawberry.field(description="De beheersmaatregelen.")
    eigenaar: str = strawberry.field(description="Eigenaar (rol of gremium).")
    status: RisicoStatus = strawberry.field(description="Open, beheerst, opgetreden of gesloten.")
    escalaties: int = strawberry.field(description="Hoe vaak geëscaleerd.")
    version: int = strawberry.field(description="Versie (voor expectedVersion).")
    historie: list[Risicowijziging] = strawberry.field(description="Elke wijziging, oudste eerst.")


def risico(r: rv.RisicoRow, historie: list[rv.HistorieRow]) -> Risico:
    return Risico(
        id=to_global_id("Risico", r.risico_id),
        nummer=r.nummer,
        omschrijving=r.omschrijving,
        beheersmaatregelen=r.beheersmaatregelen,
        eigenaar=r.eigenaar,
        status=RisicoStatus(r.status),
        escalaties=r.escalaties,
        version=r.version,
        historie=[
            Risicowijziging(
                soort=RisicowijzigingSoort(h.soort),
                status=RisicoStatus(h.status) if h.status else None,
                naar=h.naar,
                reden=h.reden,
                toelichting=h.toelichting,
                actor_id=h.actor_id,
                vastgelegd_op=h.vastgelegd_op,
            )
            for h in historie
            if h.risico_id == r.risico_id
        ],
    )

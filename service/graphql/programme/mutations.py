"""Mutations on the programma (phases, opdrachtgeverschap, initiatives) and
its projects. The programme office writes everything; a projectleider its own
project."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeAlias

import strawberry
from strawberry.types import Info

from service.commands.base import Saved
from service.commands.programme.programma import (
    KoppelInitiatief,
    LegLokalePlanningVast,
    LegOpdrachtgeverschapVast,
    NeemProjectOp,
    PlanProgrammafase,
    RapporteerProjectvoortgang,
    RondProgrammafaseAf,
    StartProgramma,
    StartProgrammafase,
    StelMijlpalenplanningVast,
    StelProjectdoelBij,
    StelProjectdoelVast,
    WijsProjectleiderToe,
    WijzigProjectfase,
)
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.programme import types as t
from service.graphql.programme.loaders import load_programma, load_project
from service.graphql.results import Payload
from service.graphql.vocabulary import ProgrammaFase, ProjectHerkomst, ProjectSoort, Voortgangssignaal

EXPECTED = "De versie die de client zag (optimistische concurrency)."


ProgrammaResult: TypeAlias = Annotated[Payload[t.Programma] | MutationError, strawberry.union("ProgrammaResult")]
ProjectResult: TypeAlias = Annotated[Payload[t.Project] | MutationError, strawberry.union("ProjectResult")]


@strawberry.input(description="Een nieuw regionaal programma.")
class StartProgrammaInput(CommandInput):
    code: str = strawberry.field(description="Korte code, bijvoorbeeld 'kgb-zhz'.")
    naam: str = strawberry.field(description="Naam.")
    regio: str = strawberry.field(description="Code van de regio.")
    periode_start: dt.date = strawberry.field(description="Start van de looptijd.")
    periode_eind: dt.date = strawberry.field(description="Einde van de looptijd.")
    doelen: list[str] = strawberry.field(default_factory=list, description="Doelen.")
    opdrachtgevers: list[str] = strawberry.field(default_factory=list, description="Opdrachtgevende gemeenten.")


@strawberry.input(description="Het opdrachtgeverschap van een programma (officials als actor-id).")
class OpdrachtgeverschapInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    ambtelijk: list[str] = strawberry.field(default_factory=list, description="Ambtelijk opdrachtgever(s).")
    bestuurlijk: list[str] = strawberry.field(default_factory=list, description="Verantwoordelijke bestuurders.")
    bestuurlijk_lead: str | None = strawberry.field(
        default=None, description="Wie van hen bestuurlijk opdrachtgever is."
    )
    programmamanager: str | None = strawberry.field(default=None, description="De programmamanager.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een initiatief dat verbonden is maar geen onderdeel van het programma.")
class KoppelInitiatiefInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    naam: str = strawberry.field(description="Naam van het initiatief.")
    relatie: str = strawberry.field(default="verbinding, geen onderdeel", description="De relatie.")
    eigenaar: str = strawberry.field(default="", description="Waar het initiatief wel onder valt.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een programmafase starten (niet vóór de start van de vorige fase).")
class StartProgrammafaseInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    fase: ProgrammaFase = strawberry.field(description="Initiatie, definitie, ontwerp, realisatie of nazorg.")
    startdatum: dt.date = strawberry.field(description="Start.")
    verantwoording_aan: str = strawberry.field(description="Gremium waaraan verantwoording wordt afgelegd.")
    oplevering: str | None = strawberry.field(default=None, description="Oplevering; leeg = de standaard van de fase.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een programmafase plannen of herplannen, ook vóór ze start.")
class PlanProgrammafaseInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    fase: ProgrammaFase = strawberry.field(description="Initiatie, definitie, ontwerp, realisatie of nazorg.")
    geplande_start: dt.date = strawberry.field(description="Geplande start.")
    geplande_eind: dt.date = strawberry.field(description="Gepland einde.")
    verantwoording_aan: str = strawberry.field(description="Gremium waaraan verantwoording wordt afgelegd.")
    oplevering: str | None = strawberry.field(default=None, description="Oplevering; leeg = de standaard van de fase.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een programmafase afronden.")
class RondProgrammafaseAfInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    fase: ProgrammaFase = strawberry.field(description="De fase.")
    einddatum: dt.date = strawberry.field(description="Einde.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een project in het programma opnemen.")
class NeemProjectOpInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    code: str = strawberry.field(description="Korte code van het project (uniek).")
    naam: str = strawberry.field(description="Naam.")
    soort: ProjectSoort = strawberry.field(default=ProjectSoort.PROJECTLIJN, description="Projectlijn of deelproject.")
    hoofdproject: str | None = strawberry.field(default=None, description="Code van het hoofdproject (deelproject).")
    herkomst: ProjectHerkomst = strawberry.field(default=ProjectHerkomst.BESTAAND, description="Bestaand of nieuw.")
    omschrijving: str = strawberry.field(default="", description="Omschrijving.")


@strawberry.input(description="Een doel vaststellen of bijstellen (bijstellen: met `nummer` en `reden`).")
class ProjectdoelInput(CommandInput):
    project: str = strawberry.field(description="Code van het project.")
    tekst: str = strawberry.field(description="Het doel.")
    nummer: int | None = strawberry.field(default=None, description="Bij bijstellen: het nummer van het doel.")
    reden: str | None = strawberry.field(default=None, description="Bij bijstellen: de reden.")
    besluit_id: str | None = strawberry.field(default=None, description="Het besluit waarop de bijstelling berust.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een eigenschap van een project wijzigen.")
class ProjectWaardeInput(CommandInput):
    project: str = strawberry.field(description="Code van het project.")
    waarde: str = strawberry.field(description="De projectleider (actor-id) of de fase.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="De mijlpalenplanning van een project vaststellen.")
class MijlpalenplanningVaststellenInput(CommandInput):
    project: str = strawberry.field(description="Code van het project.")
    datum: dt.date = strawberry.field(description="Datum van vaststelling.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="De lokale planning van een project in één gemeente.")
class LokalePlanningInput(CommandInput):
    project: str = strawberry.field(description="Code van het project.")
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    start: dt.date | None = strawberry.field(default=None, description="Lokale start.")
    eind: dt.date | None = strawberry.field(default=None, description="Lokaal einde.")
    lokale_doelen: list[str] = strawberry.field(default_factory=list, description="Lokale doelen.")
    afstemming_met: list[str] = strawberry.field(default_factory=list, description="Met wie lokaal afgestemd wordt.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een voortgangsrapportage van de projectleider aan de programmamanager.")
class VoortgangInput(CommandInput):
    project: str = strawberry.field(description="Code van het project.")
    datum: dt.date = strawberry.field(description="Datum.")
    periode: str = strawberry.field(description="Periode, bijvoorbeeld 2023-Q1.")
    signaal: Voortgangssignaal = strawberry.field(description="Op koers, aandacht nodig of achter.")
    verhaal: str = strawberry.field(description="Het verhaal achter de cijfers.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


async def _programma(ctx: Context, code: str, saved: Saved) -> Payload[t.Programma]:
    found = await load_programma(ctx, code.strip(), None)
    assert found is not None
    return Payload.of(found, saved)


async def _project(ctx: Context, code: str, saved: Saved) -> Payload[t.Project]:
    found = await load_project(ctx, code.strip(), None)
    assert found is not None
    return Payload.of(found, saved)


@strawberry.type
class ProgrammaMutation:
    @strawberry.mutation(description="Start een regionaal programma (programmabureau).")
    async def start_programma(self, info: Info[Context, None], input: StartProgrammaInput) -> ProgrammaResult:
        ctx, i = info.context, input
        command = StartProgramma(
            code=i.code,
            naam=i.naam,
            regio=i.regio,
            periode_start=i.periode_start,
            periode_eind=i.periode_eind,
            doelen=list(i.doelen),
            opdrachtgevers=list(i.opdrachtgevers),
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.code, saved))

    @strawberry.mutation(description="Leg ambtelijk en bestuurlijk opdrachtgeverschap en de programmamanager vast.")
    async def leg_opdrachtgeverschap_vast(
        self, info: Info[Context, None], input: OpdrachtgeverschapInput
    ) -> ProgrammaResult:
        ctx, i = info.context, input
        command = LegOpdrachtgeverschapVast(
            programma=i.programma,
            ambtelijk=list(i.ambtelijk),
            bestuurlijk=list(i.bestuurlijk),
            bestuurlijk_lead=i.bestuurlijk_lead,
            programmamanager=i.programmamanager,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.programma, saved))

    @strawberry.mutation(description="Koppel een initiatief dat geen onderdeel van het programma is.")
    async def koppel_initiatief(self, info: Info[Context, None], input: KoppelInitiatiefInput) -> ProgrammaResult:
        ctx, i = info.context, input
        command = KoppelInitiatief(
            programma=i.programma,
            naam=i.naam,
            relatie=i.relatie,
            eigenaar=i.eigenaar,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.programma, saved))

    @strawberry.mutation(description="Plan een programmafase (geplande start en einde), ook vóór ze start.")
    async def plan_programmafase(self, info: Info[Context, None], input: PlanProgrammafaseInput) -> ProgrammaResult:
        ctx, i = info.context, input
        command = PlanProgrammafase(
            programma=i.programma,
            fase=i.fase,
            geplande_start=i.geplande_start,
            geplande_eind=i.geplande_eind,
            verantwoording_aan=i.verantwoording_aan,
            oplevering=i.oplevering,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.programma, saved))

    @strawberry.mutation(description="Start een programmafase.")
    async def start_programmafase(self, info: Info[Context, None], input: StartProgrammafaseInput) -> ProgrammaResult:
        ctx, i = info.context, input
        command = StartProgrammafase(
            programma=i.programma,
            fase=i.fase,
            startdatum=i.startdatum,
            verantwoording_aan=i.verantwoording_aan,
            oplevering=i.oplevering,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.programma, saved))

    @strawberry.mutation(description="Rond een programmafase af.")
    async def rond_programmafase_af(
        self, info: Info[Context, None], input: RondProgrammafaseAfInput
    ) -> ProgrammaResult:
        ctx, i = info.context, input
        command = RondProgrammafaseAf(
            programma=i.programma, fase=i.fase, einddatum=i.einddatum, expected_version=i.expected_version
        )
        return await run_mutation(ctx, i, command, lambda saved: _programma(ctx, i.programma, saved))

    @strawberry.mutation(description="Neem een project (projectlijn of deelproject) op in het programma.")
    async def neem_project_op(self, info: Info[Context, None], input: NeemProjectOpInput) -> ProjectResult:
        ctx, i = info.context, input
        command = NeemProjectOp(
            programma=i.programma,
            code=i.code,
            naam=i.naam,
            soort=i.soort,
            hoofdproject=i.hoofdproject,
            herkomst=i.herkomst,
            omschrijving=i.omschrijving,
        )
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.code, saved))

    @strawberry.mutation(description="Stel een projectdoel vast, of stel het bij (met nummer en reden).")
    async def projectdoel(self, info: Info[Context, None], input: ProjectdoelInput) -> ProjectResult:
        ctx, i = info.context, input
        command: StelProjectdoelVast | StelProjectdoelBij
        if i.nummer is None:
            command = StelProjectdoelVast(project=i.project, tekst=i.tekst, expected_version=i.expected_version)
        else:
            command = StelProjectdoelBij(
                project=i.project,
                nummer=i.nummer,
                tekst=i.tekst,
                reden=i.reden or "",
                expected_version=i.expected_version,
            )
        return await run_mutation(
            ctx, i, command, lambda saved: _project(ctx, i.project, saved), besluit_id=i.besluit_id
        )

    @strawberry.mutation(description="Wijs de projectleider toe (programmabureau).")
    async def wijs_projectleider_toe(self, info: Info[Context, None], input: ProjectWaardeInput) -> ProjectResult:
        ctx, i = info.context, input
        command = WijsProjectleiderToe(project=i.project, projectleider=i.waarde, expected_version=i.expected_version)
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.project, saved))

    @strawberry.mutation(
        description="Zet het project in een andere fase (realisatie vraagt een vastgestelde mijlpalenplanning)."
    )
    async def wijzig_projectfase(self, info: Info[Context, None], input: ProjectWaardeInput) -> ProjectResult:
        ctx, i = info.context, input
        command = WijzigProjectfase(project=i.project, fase=i.waarde, expected_version=i.expected_version)
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.project, saved))

    @strawberry.mutation(description="Stel de mijlpalenplanning van een project vast.")
    async def stel_mijlpalenplanning_vast(
        self, info: Info[Context, None], input: MijlpalenplanningVaststellenInput
    ) -> ProjectResult:
        ctx, i = info.context, input
        command = StelMijlpalenplanningVast(project=i.project, datum=i.datum, expected_version=i.expected_version)
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.project, saved))

    @strawberry.mutation(description="Leg de lokale planning van een project in een gemeente vast.")
    async def leg_lokale_planning_vast(self, info: Info[Context, None], input: LokalePlanningInput) -> ProjectResult:
        ctx, i = info.context, input
        command = LegLokalePlanningVast(
            project=i.project,
            gemeente=i.gemeente,
            start=i.start,
            eind=i.eind,
            lokale_doelen=list(i.lokale_doelen),
            afstemming_met=list(i.afstemming_met),
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.project, saved))

    @strawberry.mutation(description="Rapporteer voortgang van het project aan de programmamanager.")
    async def rapporteer_projectvoortgang(self, info: Info[Context, None], input: VoortgangInput) -> ProjectResult:
        ctx, i = info.context, input
        command = RapporteerProjectvoortgang(
            project=i.project,
            datum=i.datum,
            periode=i.periode,
            signaal=i.signaal,
            verhaal=i.verhaal,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda saved: _project(ctx, i.project, saved))

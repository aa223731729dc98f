"""Mutations on the programme budget and the risk register (programmabureau).
A budget line beyond the adopted kaders needs ``besluitId`` of a body that
may change financial kaders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, TypeAlias

import strawberry
from strawberry.types import Info

from service.commands.base import Saved
from service.commands.programme.begroting import (
    BoekRealisatie,
    EscaleerRisico,
    LegBegrotingsregelVast,
    LegVerantwoordingAf,
    RegistreerRisico,
    StelBegrotingOp,
    StelBegrotingVast,
    VoegFinancieringsbronToe,
    WerkRisicoBij,
    WijzigRisicostatus,
)
from service.graphql.context import Context
from service.graphql.errors import MutationError
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.programme import types as t
from service.graphql.programme.loaders import load_begroting, load_risico
from service.graphql.results import Payload
from service.graphql.vocabulary import RisicoStatus

EXPECTED = "De versie die de client zag (optimistische concurrency)."


BegrotingResult: TypeAlias = Annotated[Payload[t.Begroting] | MutationError, strawberry.union("BegrotingResult")]
RisicoResult: TypeAlias = Annotated[Payload[t.Risico] | MutationError, strawberry.union("RisicoResult")]


@strawberry.input(description="Een bedrag in één jaar.")
class JaarBedragInput:
    jaar: int = strawberry.field(description="Het jaar.")
    bedrag: Decimal = strawberry.field(description="Bedrag in euro's.")


@strawberry.input(description="Een begroting opstellen voor een programma.")
class StelBegrotingOpInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    jaren: list[int] = strawberry.field(description="De begrotingsjaren.")


@strawberry.input(description="Een begrotingsregel toevoegen of wijzigen.")
class BegrotingsregelInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    code: str = strawberry.field(description="Korte code van de regel.")
    taak: str = strawberry.field(description="De taak.")
    invulling: str = strawberry.field(default="", description="De invulling.")
    pm: bool = strawberry.field(default=False, description="PM: nog geen bedrag.")
    bedrag_per_jaar: Decimal | None = strawberry.field(default=None, description="Zelfde bedrag in elk jaar.")
    bedragen: list[JaarBedragInput] | None = strawberry.field(default=None, description="Of: bedrag per jaar.")
    besluit_id: str | None = strawberry.field(default=None, description="Besluit nodig buiten de vastgestelde kaders.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een financieringsbron.")
class FinancieringsbronInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    naam: str = strawberry.field(description="Naam van de bron.")
    bedrag: Decimal | None = strawberry.field(default=None, description="Bedrag; leeg = PM.")
    omschrijving: str = strawberry.field(default="", description="Omschrijving.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="De begroting vaststellen; opgegeven totalen worden gecontroleerd.")
class StelBegrotingVastInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    datum: dt.date = strawberry.field(description="Datum van vaststelling.")
    totaal_per_jaar: Decimal | None = strawberry.field(default=None, description="Verwacht totaal per jaar.")
    totaal: Decimal | None = strawberry.field(default=None, description="Verwacht totaal.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Realisatie boeken op een regel in een halfjaar.")
class RealisatieInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    regel: str = strawberry.field(description="Code van de regel.")
    halfjaar: str = strawberry.field(description="Zoals 2023-H1.")
    bedrag: Decimal = strawberry.field(description="Bedrag in euro's.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Financiële verantwoording over een halfjaar.")
class VerantwoordingInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    halfjaar: str = strawberry.field(description="Zoals 2023-H1.")
    datum: dt.date = strawberry.field(description="Wanneer verantwoord.")
    aan: str = strawberry.field(description="Aan welk gremium.")
    omschrijving: str = strawberry.field(default="", description="Omschrijving.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een risico registreren of bijwerken.")
class RisicoInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    nummer: str = strawberry.field(description="Nummer, zoals R7.")
    omschrijving: str = strawberry.field(description="Het risico.")
    beheersmaatregelen: list[str] = strawberry.field(default_factory=list, description="Beheersmaatregelen.")
    eigenaar: str = strawberry.field(description="Eigenaar (rol of gremium).")
    expected_version: int | None = strawberry.field(
        default=None, description="Leeg bij registreren; bij bijwerken de versie die de client zag."
    )
    bijwerken: bool = strawberry.field(default=False, description="Een bestaand risico bijwerken.")


@strawberry.input(description="De status van een risico wijzigen (waarom: `toelichting`).")
class RisicostatusInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    nummer: str = strawberry.field(description="Nummer.")
    status: RisicoStatus = strawberry.field(description="Open, beheerst, opgetreden of gesloten.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


@strawberry.input(description="Een risico escaleren, bijvoorbeeld naar de klankbordgroep.")
class EscaleerRisicoInput(CommandInput):
    programma: str = strawberry.field(description="Code van het programma.")
    nummer: str = strawberry.field(description="Nummer.")
    naar: str = strawberry.field(description="Naar welk gremium.")
    reden: str = strawberry.field(description="Waarom.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED)


async def _begroting(ctx: Context, programma: str, saved: Saved) -> Payload[t.Begroting]:
    found = await load_begroting(ctx, programma, None, dt.date.today())
    assert found is not None
    return Payload.of(found, saved)


async def _risico(ctx: Context, programma: str, nummer: str, saved: Saved) -> Payload[t.Risico]:
    found = await load_risico(ctx, programma, nummer)
    assert found is not None
    return Payload.of(found, saved)


@strawberry.type
class BegrotingMutation:
    @strawberry.mutation(description="Stel een begroting op voor een programma.")
    async def stel_begroting_op(self, info: Info[Context, None], input: StelBegrotingOpInput) -> BegrotingResult:
        ctx, i = info.context, input
        command = StelBegrotingOp(programma=i.programma, jaren=list(i.jaren))
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s))

    @strawberry.mutation(description="Leg een begrotingsregel vast; buiten de kaders alleen met een besluit.")
    async def leg_begrotingsregel_vast(self, info: Info[Context, None], input: BegrotingsregelInput) -> BegrotingResult:
        ctx, i = info.context, input
        command = LegBegrotingsregelVast(
            programma=i.programma,
            code=i.code,
            taak=i.taak,
            invulling=i.invulling,
            pm=i.pm,
            bedragen={b.jaar: b.bedrag for b in i.bedragen or []},
            bedrag_per_jaar=i.bedrag_per_jaar,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s), besluit_id=i.besluit_id)

    @strawberry.mutation(description="Voeg een financieringsbron toe.")
    async def voeg_financieringsbron_toe(
        self, info: Info[Context, None], input: FinancieringsbronInput
    ) -> BegrotingResult:
        ctx, i = info.context, input
        command = VoegFinancieringsbronToe(
            programma=i.programma,
            naam=i.naam,
            bedrag=i.bedrag,
            omschrijving=i.omschrijving,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s))

    @strawberry.mutation(description="Stel de begroting vast: de kaders; opgegeven totalen moeten kloppen.")
    async def stel_begroting_vast(self, info: Info[Context, None], input: StelBegrotingVastInput) -> BegrotingResult:
        ctx, i = info.context, input
        command = StelBegrotingVast(
            programma=i.programma,
            datum=i.datum,
            verwacht_per_jaar=i.totaal_per_jaar,
            verwacht_totaal=i.totaal,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s))

    @strawberry.mutation(description="Boek realisatie op een regel in een halfjaar.")
    async def boek_realisatie(self, info: Info[Context, None], input: RealisatieInput) -> BegrotingResult:
        ctx, i = info.context, input
        command = BoekRealisatie(
            programma=i.programma,
            regel=i.regel,
            halfjaar=i.halfjaar,
            bedrag=i.bedrag,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s))

    @strawberry.mutation(description="Leg financiële verantwoording af over een halfjaar.")
    async def leg_verantwoording_af(self, info: Info[Context, None], input: VerantwoordingInput) -> BegrotingResult:
        ctx, i = info.context, input
        command = LegVerantwoordingAf(
            programma=i.programma,
            halfjaar=i.halfjaar,
            datum=i.datum,
            aan=i.aan,
            omschrijving=i.omschrijving,
            expected_version=i.expected_version,
        )
        return await run_mutation(ctx, i, command, lambda s: _begroting(ctx, i.programma, s))

    @strawberry.mutation(description="Registreer een risico, of werk het bij (`bijwerken: true`).")
    async def risico(self, info: Info[Context, None], input: RisicoInput) -> RisicoResult:
        ctx, i = info.context, input
        command: WerkRisicoBij | RegistreerRisico
        if i.bijwerken:
            command = WerkRisicoBij(
                programma=i.programma,
                nummer=i.nummer,
                omschrijving=i.omschrijving,
                maatregelen=list(i.beheersmaatregelen),
                eigenaar=i.eigenaar,
                expected_version=i.expected_version,
            )
        else:
            command = RegistreerRisico(
                programma=i.programma,
                nummer=i.nummer,
                omschrijving=i.omschrijving,
                maatregelen=list(i.beheersmaatregelen),
                eigenaar=i.eigenaar,
            )
        return await run_mutation(ctx, i, command, lambda s: _risico(ctx, i.programma, i.nummer, s))

    @strawberry.mutation(description="Wijzig de status van een risico.")
    async def wijzig_risicostatus(self, info: Info[Context, None], input: RisicostatusInput) -> RisicoResult:
        ctx, i = info.context, input
        command = WijzigRisicostatus(
            programma=i.programma, nummer=i.nummer, status=i.status, expected_version=i.expected_version
        )
        return await run_mutation(ctx, i, command, lambda s: _risico(ctx, i.programma, i.nummer, s))

    @strawberry.mutation(description="Escaleer een risico, bijvoorbeeld naar de klankbordgroep.")
    async def escaleer_risico(self, info: Info[Context, None], input: EscaleerRisicoInput) -> RisicoResult:
        ctx, i = info.context, input
        command = EscaleerRisico(
            programma=i.programma, nummer=i.nummer, naar=i.naar, reden=i.reden, expected_version=i.expected_version
        )
        return await run_mutation(ctx, i, command, lambda s: _risico(ctx, i.programma, i.nummer, s))

"""GraphQL mutations that change one column of an ontwikkelpunt (each its
own event), and the regional points with each gemeente's progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry
from strawberry.types import Info

from service.commands.base import NotFound, Saved
from service.commands.plans.ontwikkelpunt import (
    FormuleerOntwikkelpunt,
    HerformuleerDeelstap,
    HerordenDeelstappen,
    LegAndersLerenDoenVast,
    LegBeoogdResultaatVast,
    LegKostenVast,
    LegPlanningVast,
    LegUitvoerderVast,
    OmschrijfVerbeteractie,
    RondDeelstapAf,
    VoegDeelstapToe,
    WerkStandVanZakenBij,
    WijzigOntwikkelpuntStatus,
)
from service.commands.plans.regionaal import StelRegionaalOntwikkelpuntVast, WerkRegionaleVoortgangBij
from service.graphql.context import Context
from service.graphql.mutations import CommandInput, run_mutation
from service.graphql.plans import inputs as i
from service.graphql.plans import types as t
from service.graphql.plans.mutations import (
    OntwikkelpuntResult,
    RegionaalResult,
    change_point,
    punt_uuid,
)
from service.graphql.plans.queries import load_regional
from service.graphql.relay import object_uuid
from service.graphql.results import Payload
from service.graphql.vocabulary import OntwikkelpuntStatus


@strawberry.input(description="Kolom 1: het doel en de link met de zelfscan herformuleren.")
class FormuleerOntwikkelpuntInput(i.PuntInput):
    doel: str = strawberry.field(description="Het ontwikkelpunt als doel.")
    zelfscan_link: str | None = strawberry.field(default=None, description="Link met de zelfscan-analyse.")


@strawberry.input(description="Kolom 2: beoogd resultaat en prestatie-indicatoren.")
class LegBeoogdResultaatVastInput(i.PuntInput):
    beoogd_resultaat: str = strawberry.field(description="Wanneer tevreden?")
    indicatoren: list[str] = strawberry.field(default_factory=list, description="Prestatie-indicatoren.")


@strawberry.input(description="Kolom 3: anders leren doen.")
class LegAndersLerenDoenVastInput(i.PuntInput):
    tekst: str = strawberry.field(description="De andere werkwijze en wat professionals daarvoor nodig hebben.")


@strawberry.input(description="Kolom 4: de omschrijving van de verbeteractie.")
class OmschrijfVerbeteractieInput(i.PuntInput):
    omschrijving: str = strawberry.field(description="Wat moet er gebeuren, hoe wordt het opgepakt?")


@strawberry.input(description="Kolom 4: een deelstap toevoegen (achteraan).")
class VoegDeelstapToeInput(i.PuntInput):
    tekst: str = strawberry.field(description="Wat er moet gebeuren.")
    gepland: dt.date | None = strawberry.field(default=None, description="Geplande datum.")


@strawberry.input(description="Kolom 4: een deelstap herformuleren.")
class HerformuleerDeelstapInput(i.PuntInput):
    deelstap: str = strawberry.field(description="Id van de deelstap.")
    tekst: str = strawberry.field(description="De nieuwe tekst.")


@strawberry.input(description="Kolom 4: de deelstappen in een nieuwe volgorde zetten.")
class HerordenDeelstappenInput(i.PuntInput):
    volgorde: list[str] = strawberry.field(description="Alle deelstap-ids in de nieuwe volgorde.")


@strawberry.input(description="Kolom 4: een deelstap afronden.")
class RondDeelstapAfInput(i.PuntInput):
    deelstap: str = strawberry.field(description="Id van de deelstap.")
    afgerond_op: dt.date | None = strawberry.field(default=None, description="Datum van afronding (standaard vandaag).")


@strawberry.input(description="Kolom 5: kosten en dekking.")
class LegKostenVastInput(i.PuntInput):
    kosten: i.KostenInput = strawberry.field(description="Kosten en dekking.")


@strawberry.input(description="Kolom 6: wie de actie uitvoert.")
class LegUitvoerderVastInput(i.PuntInput):
    uitvoerder: str = strawberry.field(description="Wie voert uit.")


@strawberry.input(description="Kolom 7: de planning vastleggen of aanpassen (geef een toelichting).")
class LegPlanningVastInput(i.PuntInput):
    planning: i.PlanningInput = strawberry.field(description="De planning.")


@strawberry.input(description="Kolom 8: een nieuwe gedateerde stand van zaken (de eerste is de nulmeting).")
class WerkStandVanZakenBijInput(i.PuntInput):
    stand_van_zaken: i.StandVanZakenInput = strawberry.field(description="De stand van zaken.")


@strawberry.input(description="De levenscyclus van een ontwikkelpunt een stap verder zetten.")
class WijzigOntwikkelpuntStatusInput(i.PuntInput):
    status: OntwikkelpuntStatus = strawberry.field(description="De nieuwe status.")


@strawberry.input(description="Een regionaal ontwikkelpunt vaststellen (alleen het programmabureau).")
class StelRegionaalOntwikkelpuntVastInput(CommandInput):
    regio: str = strawberry.field(description="Code van de regio.")
    thema: str = strawberry.field(description="Code van de ontwikkelpunt-tabel.")
    basisfunctie: int | None = strawberry.field(
        default=None, description="Basisfunctie 1-5; leeg = die van het thema (een andere is een VALIDATION-fout)."
    )
    doel: str = strawberry.field(description="Het ontwikkelpunt als doel.")
    beoogd_resultaat: str = strawberry.field(description="Wanneer tevreden?")
    indicatoren: list[str] = strawberry.field(default_factory=list, description="Prestatie-indicatoren.")
    besluit_id: str | None = strawberry.field(default=None, description=i.BESLUIT)


@strawberry.input(description="De voortgang van een gemeente op een regionaal ontwikkelpunt bijwerken.")
class WerkRegionaleVoortgangBijInput(CommandInput):
    regionaal_ontwikkelpunt: strawberry.ID = strawberry.field(description="Globaal id van het regionale punt.")
    gemeente: str = strawberry.field(description="CBS-gemeentecode.")
    expected_version: int | None = strawberry.field(default=None, description=i.EXPECTED)
    stand_van_zaken: i.StandVanZakenInput | None = strawberry.field(default=None, description="Lokale stand.")
    uitvoerder: str | None = strawberry.field(default=None, description="Wie lokaal uitvoert.")
    planning: i.PlanningInput | None = strawberry.field(default=None, description="Lokale planning.")


def _regional_payload(
    ctx: Context, punt_id: UUID | None, gemeente: str | None
) -> Callable[[Saved], Awaitable[Payload[t.RegionaalOntwikkelpunt]]]:
    async def build(saved: Saved) -> Payload[t.RegionaalOntwikkelpunt]:
        found = await load_regional(ctx, None, punt_id or saved.aggregate_id, gemeente)
        if found is None:
            raise NotFound("regionaal ontwikkelpunt niet gevonden")
        return Payload.of(found, saved)

    return build


@strawberry.type
class PuntMutation:
    @strawberry.mutation(description="Kolom 1: herformuleer het doel en de zelfscan-link.")
    async def formuleer_ontwikkelpunt(
        self, info: Info[Context, None], input: FormuleerOntwikkelpuntInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            FormuleerOntwikkelpunt(
                punt=punt_uuid(input),
                expected_version=input.expected_version,
                doel=input.doel,
                zelfscan_link=input.zelfscan_link,
            ),
        )

    @strawberry.mutation(description="Kolom 2: leg beoogd resultaat en prestatie-indicatoren vast.")
    async def leg_beoogd_resultaat_vast(
        self, info: Info[Context, None], input: LegBeoogdResultaatVastInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            LegBeoogdResultaatVast(
                punt=punt_uuid(input),
                expected_version=input.expected_version,
                beoogd_resultaat=input.beoogd_resultaat,
                indicatoren=list(input.indicatoren),
            ),
        )

    @strawberry.mutation(description="Kolom 3: leg 'anders leren doen' vast.")
    async def leg_anders_leren_doen_vast(
        self, info: Info[Context, None], input: LegAndersLerenDoenVastInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            LegAndersLerenDoenVast(punt=punt_uuid(input), expected_version=input.expected_version, tekst=input.tekst),
        )

    @strawberry.mutation(description="Kolom 4: omschrijf de verbeteractie.")
    async def omschrijf_verbeteractie(
        self, info: Info[Context, None], input: OmschrijfVerbeteractieInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            OmschrijfVerbeteractie(
                punt=punt_uuid(input), expected_version=input.expected_version, omschrijving=input.omschrijving
            ),
        )

    @strawberry.mutation(description="Kolom 4: voeg een deelstap toe.")
    async def voeg_deelstap_toe(self, info: Info[Context, None], input: VoegDeelstapToeInput) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            VoegDeelstapToe(
                punt=punt_uuid(input), expected_version=input.expected_version, tekst=input.tekst, gepland=input.gepland
            ),
        )

    @strawberry.mutation(description="Kolom 4: herformuleer een deelstap.")
    async def herformuleer_deelstap(
        self, info: Info[Context, None], input: HerformuleerDeelstapInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            HerformuleerDeelstap(
                punt=punt_uuid(input),
                expected_version=input.expected_version,
                deelstap=input.deelstap,
                tekst=input.tekst,
            ),
        )

    @strawberry.mutation(description="Kolom 4: zet de deelstappen in een nieuwe volgorde.")
    async def herorden_deelstappen(
        self, info: Info[Context, None], input: HerordenDeelstappenInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            HerordenDeelstappen(
                punt=punt_uuid(input), expected_version=input.expected_version, volgorde=list(input.volgorde)
            ),
        )

    @strawberry.mutation(description="Kolom 4: rond een deelstap af.")
    async def rond_deelstap_af(self, info: Info[Context, None], input: RondDeelstapAfInput) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            RondDeelstapAf(
                punt=punt_uuid(input),
                expected_version=input.expected_version,
                deelstap=input.deelstap,
                afgerond_op=input.afgerond_op,
            ),
        )

    @strawberry.mutation(description="Kolom 5: leg kosten en dekking vast.")
    async def leg_kosten_vast(self, info: Info[Context, None], input: LegKostenVastInput) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            LegKostenVast(punt=punt_uuid(input), expected_version=input.expected_version, kosten=input.kosten.value()),
        )

    @strawberry.mutation(description="Kolom 6: leg vast wie de actie uitvoert.")
    async def leg_uitvoerder_vast(
        self, info: Info[Context, None], input: LegUitvoerderVastInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            LegUitvoerderVast(
                punt=punt_uuid(input), expected_version=input.expected_version, uitvoerder=input.uitvoerder
            ),
        )

    @strawberry.mutation(description="Kolom 7: leg de planning vast of pas haar aan (met toelichting).")
    async def leg_planning_vast(self, info: Info[Context, None], input: LegPlanningVastInput) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            LegPlanningVast(
                punt=punt_uuid(input), expected_version=input.expected_version, planning=input.planning.value()
            ),
        )

    @strawberry.mutation(description="Kolom 8: voeg een gedateerde stand van zaken toe.")
    async def werk_stand_van_zaken_bij(
        self, info: Info[Context, None], input: WerkStandVanZakenBijInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            WerkStandVanZakenBij(
                punt=punt_uuid(input), expected_version=input.expected_version, stand=input.stand_van_zaken.value()
            ),
        )

    @strawberry.mutation(description="Zet de levenscyclus van een ontwikkelpunt een stap verder.")
    async def wijzig_ontwikkelpunt_status(
        self, info: Info[Context, None], input: WijzigOntwikkelpuntStatusInput
    ) -> OntwikkelpuntResult:
        return await change_point(
            info.context,
            input,
            WijzigOntwikkelpuntStatus(
                punt=punt_uuid(input), expected_version=input.expected_version, status=input.status.value
            ),
        )

    @strawberry.mutation(description="Stel een regionaal ontwikkelpunt vast (alleen het programmabureau).")
    async def stel_regionaal_ontwikkelpunt_vast(
        self, info: Info[Context, None], input: StelRegionaalOntwikkelpuntVastInput
    ) -> RegionaalResult:
        ctx = info.context
        command = StelRegionaalOntwikkelpuntVast(
            regio=input.regio,
            basisfunctie=input.basisfunctie,
            thema=input.thema,
            doel=input.doel,
            beoogd_resultaat=input.beoogd_resultaat,
            indicatoren=list(input.indicatoren),
        )
        return await run_mutation(ctx, input, command, _regional_payload(ctx, None, None), besluit_id=input.besluit_id)

    @strawberry.mutation(description="Meld de voortgang van een gemeente op een regionaal ontwikkelpunt.")
    async def werk_regionale_voortgang_bij(
        self, info: Info[Context, None], input: WerkRegionaleVoortgangBijInput
    ) -> RegionaalResult:
        ctx = info.context
        punt_id = object_uuid(input.regionaal_ontwikkelpunt, "regionaalOntwikkelpunt", "RegionaalOntwikkelpunt")
        command = WerkRegionaleVoortgangBij(
            punt=punt_id,
            gemeente=input.gemeente,
            expected_version=input.expected_version,
            stand=input.stand_van_zaken.value() if input.stand_van_zaken else None,
            uitvoerder=input.uitvoerder,
            planning=input.planning.value() if input.planning else None,
        )
        return await run_mutation(ctx, input, command, _regional_payload(ctx, punt_id, input.gemeente))

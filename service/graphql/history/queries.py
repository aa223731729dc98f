"""GraphQL for progress over time: PDCA history, what changed between two
instants (agenda pack) and progress series per month or quarter."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from domain.errors import NotAllowed, Problem, ValidationFailed
from projections import temporal
from projections.history import changes as changes_view
from projections.history import pdca as pdca_view
from projections.history import progress as progress_view
from service.access import directory
from service.access.authz import history_scope
from service.graphql.context import Context
from service.graphql.history.audit import AS_OF, MIN_POSITION, AuditRegel, to_regel
from service.graphql.pagination import After, Before, Connection, First, Last, connection, paging
from service.graphql.relay import optional_uuid, to_global_id
from service.graphql.valid_time import Peildatum
from service.graphql.vocabulary import PdcaFase


@strawberry.type(description="Eén gebeurtenis in een PDCA-cyclus.")
class PdcaStap:
    positie: int = strawberry.field(description="Positie in het eventlog.")
    fase: PdcaFase = strawberry.field(description="Plan, do, check of act.")
    gebeurtenis: str = strawberry.field(description="Type gebeurtenis.")
    object_id: strawberry.ID = strawberry.field(description="Globaal id van het object waarop de gebeurtenis sloeg.")
    object_uuid: strawberry.ID = strawberry.field(
        description="Het ruwe UUID van het object.",
        deprecation_reason="Gebruik objectId (het globale id); vervalt na 2027-06-30",
    )
    object_type: str = strawberry.field(description="Soort object.")
    aanmaakdatum: dt.datetime = strawberry.field(description="Wanneer vastgelegd.")
    datum: dt.date = strawberry.field(description="Datum in de werkelijkheid (anders de vastlegdatum).")


@strawberry.type(description="Een PDCA-cyclus: gesloten zodra een Act volgt op een Check.")
class PdcaCyclus:
    nummer: int = strawberry.field(description="Volgnummer van de cyclus (1 = eerste).")
    gesloten: bool = strawberry.field(description="Er volgde een Act op een Check.")
    stappen: list[PdcaStap] = strawberry.field(description="De gebeurtenissen van deze cyclus, in volgorde.")


@strawberry.type(description="De PDCA-historie van een ontwikkelpunt, plan, project of basisfunctie.")
class PdcaHistorie:
    cycli: list[PdcaCyclus] = strawberry.field(description="De cycli in de tijd, de laatste mogelijk open.")
    cycli_voltooid: int = strawberry.field(description="Aantal gesloten cycli.")
    laatste_check: dt.date | None = strawberry.field(description="Datum van de laatste Check.")
    dagen_sinds_laatste_check: int | None = strawberry.field(description="Dagen van de laatste Check tot de peildatum.")
    open_acts: int = strawberry.field(description="Acts waarop nog geen Do volgde.")


def to_historie(h: pdca_view.PdcaHistory) -> PdcaHistorie:
    def stap(s: pdca_view.PdcaStep) -> PdcaStap:
        return PdcaStap(
            positie=s.position, fase=PdcaFase(s.pdca), gebeurtenis=s.event_type,
            object_id=to_global_id(s.object_type, s.object_id), object_uuid=strawberry.ID(str(s.object_id)),
            object_type=s.object_type, aanmaakdatum=s.recorded_at, datum=s.datum,
        )  # fmt: skip

    return PdcaHistorie(
        cycli=[PdcaCyclus(nummer=c.nummer, gesloten=c.closed, stappen=[stap(s) for s in c.steps]) for c in h.cycles],
        cycli_voltooid=h.cycli_voltooid,
        laatste_check=h.laatste_check,
        dagen_sinds_laatste_check=h.dagen_sinds_laatste_check,
        open_acts=h.open_acts,
    )


@strawberry.type(description="Een groep wijzigingen voor een agenda (besluiten, stand van zaken, ...).")
class WijzigingGroep:
    sleutel: str = strawberry.field(description="Stabiele sleutel van de groep.")
    titel: str = strawberry.field(description="Kop in het agendapakket.")
    aantal: int = strawberry.field(description="Aantal wijzigingen in deze groep.")


@strawberry.type(description="Eén wijziging in een agendapakket: een audittrailregel met de groep waarin hij valt.")
class WijzigingTussen(AuditRegel):
    groep: str = strawberry.field(description="Sleutel van de groep (zie `groepen`).")
    groep_titel: str = strawberry.field(description="Kop van de groep in het agendapakket.")


@strawberry.type(description="Wat er veranderde tussen twee momenten, gegroepeerd voor een agendapakket.")
class Wijzigingen:
    vanaf_positie: int = strawberry.field(description="Na deze positie in het eventlog.")
    tot_positie: int | None = strawberry.field(description="Tot en met deze positie (leeg = nu).")
    subject: strawberry.Private[changes_view.ChangeSubject]
    scope: strawberry.Private[str | None]
    peildatum: strawberry.Private[dt.date | None] = None

    @strawberry.field(description="De niet-lege groepen in agendavolgorde, met hun aantal (over alle pagina's).")
    async def groepen(self, info: Info[Context, None]) -> list[WijzigingGroep]:
        with temporal.valid_time(self.peildatum):
            async with info.context.db() as conn:
                counts = await changes_view.group_counts(conn, self.subject, self.scope, self._window)
        return [WijzigingGroep(sleutel=c.key, titel=c.titel, aantal=c.count) for c in counts]

    @strawberry.field(
        description="De wijzigingen in agendavolgorde, in de database gepagineerd: groep na groep (volgorde van"
        " `groepen`), binnen een groep in volgorde van vastlegging; elke regel noemt zijn groep."
    )
    async def regels(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WijzigingTussen]:
        page = paging(info, first, after, last, before)
        with temporal.valid_time(self.peildatum):
            async with info.context.db() as conn:
                rows = await changes_view.changes_page(conn, self.subject, self.scope, self._window, page)
                people = await directory.lookup(conn, sorted({r.actor_id for r in rows.rows}))

        def node(r: changes_view.ChangeRow) -> WijzigingTussen:
            return WijzigingTussen(**vars(to_regel(r, people)), groep=r.groep, groep_titel=r.titel)

        return connection(rows, node)

    @property
    def _window(self) -> tuple[int, int | None]:
        return self.vanaf_positie, self.tot_positie


@strawberry.enum(description="De lengte van een periode in een reeks.")
class ReeksInterval(Enum):
    MAAND = "maand"
    KWARTAAL = "kwartaal"


@strawberry.type(description="Een aantal per sleutel (status, signaal, mijlpaalstand).")
class Telling:
    sleutel: str = strawberry.field(description="De sleutel.")
    aantal: int = strawberry.field(description="Het aantal.")


@strawberry.type(description="Eén periode van een voortgangsreeks, gelezen zoals bekend aan het eind van de periode.")
class Periodepunt:
    periode: str = strawberry.field(description="Bijvoorbeeld 2025-03 of 2025-Q1.")
    einde: dt.date = strawberry.field(description="Laatste dag van de periode.")
    positie: int = strawberry.field(description="De positie in het eventlog waarop gelezen is.")
    per_status: list[Telling] = strawberry.field(description="Ontwikkelpunten per status.")
    per_signaal: list[Telling] = strawberry.field(description="Ontwikkelpunten per signaal van de laatste stand.")
    verouderd: int = strawberry.field(description="Punten waarvan de laatste stand van zaken te oud is.")
    gemiddelde_leeftijd_dagen: float | None = strawberry.field(description="Gemiddelde leeftijd van de laatste stand.")
    mijlpalen: list[Telling] = strawberry.field(description="Mijlpalen: op_schema, verschoven, behaald.")


def tellingen(counts: dict[str, int]) -> list[Telling]:
    return [Telling(sleutel=k, aantal=v) for k, v in sorted(counts.items())]


@strawberry.type
class HistoryQuery:
    @strawberry.field(
        description="PDCA-historie van een ontwikkelpunt, plan of project (objectId) of een basisfunctie."
    )
    async def pdca_historie(
        self,
        info: Info[Context, None],
        object_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Ontwikkelpunt, plan of project.")
        ] = None,
        basisfunctie: Annotated[
            int | None, strawberry.argument(description="Een basisfunctie in de hele regio.")
        ] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> PdcaHistorie:
        ctx = info.context
        scope = history_scope(ctx.user)
        if (object_id is None) == (basisfunctie is None):
            raise ValidationFailed([Problem("objectId", "geef precies één van objectId en basisfunctie")])
        subject = pdca_view.Subject(object_id=optional_uuid(object_id, "objectId"), basisfunctie=basisfunctie)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                steps = await pdca_view.pdca_steps(conn, subject, scope, position)
        reference = peildatum or (as_of or dt.datetime.now(dt.UTC)).date()
        return to_historie(pdca_view.history(steps, reference))

    @strawberry.field(
        description="Wat er veranderde tussen twee momenten (vastlegtijd) voor een gemeente, plan, het programma of"
        " een gremium, gegroepeerd voor een agendapakket. `asOf` geldt als `tot` wanneer die leeg is."
    )
    async def wijzigingen_tussen(
        self,
        info: Info[Context, None],
        vanaf: Annotated[dt.datetime, strawberry.argument(description="Na dit moment (UTC).")],
        tot: Annotated[dt.datetime | None, strawberry.argument(description="Tot en met dit moment; leeg = nu.")] = None,
        gemeente: Annotated[str | None, strawberry.argument(description="Alleen deze gemeente.")] = None,
        plan_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Alleen dit plan en zijn delen.")
        ] = None,
        programma: Annotated[bool, strawberry.argument(description="Alleen het programma.")] = False,
        gremium: Annotated[str | None, strawberry.argument(description="Alleen dit gremium (code).")] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Wijzigingen:
        ctx = info.context
        scope = history_scope(ctx.user)
        subject = changes_view.ChangeSubject(
            gemeente, optional_uuid(plan_id, "planId", "Ontwikkelplan"), programma, gremium
        )
        t1 = await ctx.as_of(vanaf) or 0
        t2 = await ctx.as_of(tot or as_of, min_position)
        return Wijzigingen(vanaf_positie=t1, tot_positie=t2, subject=subject, scope=scope, peildatum=peildatum)

    @strawberry.field(
        description="Het agendapakket 'sinds het laatste overleg' van een gremium: wat veranderde tussen het vorige"
        " gehouden overleg en dit overleg (of nu)."
    )
    async def wijzigingen_sinds_overleg(
        self,
        info: Info[Context, None],
        gremium: Annotated[str, strawberry.argument(description="Code van het gremium.")],
        overleg_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Het overleg; leeg = het volgende.")
        ] = None,
        gemeente: Annotated[str | None, strawberry.argument(description="Alleen deze gemeente.")] = None,
        programma: Annotated[bool, strawberry.argument(description="Alleen het programma.")] = False,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Peildatum = None,
    ) -> Wijzigingen:
        ctx = info.context
        scope = history_scope(ctx.user)
        position = await ctx.as_of(as_of, min_position)
        subject = changes_view.ChangeSubject(gemeente=gemeente, programma=programma)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                overleg = optional_uuid(overleg_id, "overlegId", "Overleg")
                t1, t2 = await changes_view.agenda_window(conn, gremium, overleg, position)
        return Wijzigingen(vanaf_positie=t1, tot_positie=t2, subject=subject, scope=scope, peildatum=peildatum)

    @strawberry.field(description="Voortgang in de tijd per maand of kwartaal, elke periode gelezen per periode-einde.")
    async def voortgangsreeks(
        self,
        info: Info[Context, None],
        van: Annotated[dt.date, strawberry.argument(description="Eerste dag in de eerste periode.")],
        tot: Annotated[dt.date, strawberry.argument(description="Een dag in de laatste periode.")],
        interval: Annotated[
            ReeksInterval | None, strawberry.argument(description="Maand (standaard) of kwartaal.")
        ] = None,
        gemeente: Annotated[str | None, strawberry.argument(description="Alleen deze gemeente.")] = None,
        basisfunctie: Annotated[int | None, strawberry.argument(description="Alleen deze basisfunctie.")] = None,
        project: Annotated[str | None, strawberry.argument(description="Alleen mijlpalen van dit project.")] = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        volgens_peildatum: Annotated[
            bool,
            strawberry.argument(
                description="Lees de ontwikkelpunten per periode-einde zoals ze er toen voor stonden (peildatum,"
                " geldige tijd), zoals nu of op asOf bekend; standaard: zoals bekend aan het eind van de periode."
                " Mijlpalen blijven op vastlegtijd."
            ),
        ] = False,
    ) -> list[Periodepunt]:
        ctx = info.context
        scope = history_scope(ctx.user)
        if scope is not None and gemeente not in (None, scope):
            raise NotAllowed("een gemeente ziet alleen de eigen voortgangsreeks")
        f = progress_view.SeriesFilter(gemeente=scope or gemeente, basisfunctie=basisfunctie, project=project)
        position = await ctx.as_of(as_of, min_position)
        stale = ctx.runtime.settings.stale_after_weeks * 7
        async with ctx.db() as conn:
            points = await progress_view.series(
                conn, f, (van, tot, (interval or ReeksInterval.MAAND).value), stale, position, volgens_peildatum
            )
        return [
            Periodepunt(
                periode=p.periode, einde=p.einde, positie=p.positie, per_status=tellingen(p.per_status),
                per_signaal=tellingen(p.per_signaal), verouderd=p.verouderd,
                gemiddelde_leeftijd_dagen=p.gemiddelde_leeftijd_dagen, mijlpalen=tellingen(p.mijlpalen),
            )
            for p in points
        ]  # fmt: skip

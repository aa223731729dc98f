"""GraphQL for the audit trail (ZGW-audittrail shaped) and the people directory."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypeAlias

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from projections import temporal
from projections.history import audit_queries
from service.access import directory
from service.access.authz import audit_trail_scope
from service.graphql.context import Context
from service.graphql.errors import MutationError, NotFoundError, to_user_error
from service.graphql.mutations import CommandInput
from service.graphql.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
    paging,
)
from service.graphql.people import Official, official_of
from service.graphql.relay import global_id_or_none, optional_uuid, to_global_id
from service.graphql.vocabulary import AuditActie, PdcaFase

AS_OF = "Lees de toestand zoals die was vastgelegd op dit moment (UTC); leeg = nu."
LOG_PEILDATUM = (
    "Alleen wijzigingen over deze datum in werkelijkheid of eerder (geldige tijd), zoals nu bekend;"
    " met asOf: zoals op dat moment bekend. Leeg = alle."
)
MIN_POSITION = "Wacht (begrensd) tot de views deze positie bereikten."
RESULTAAT = {"create": 201, "destroy": 204}


@strawberry.type(description="Eén gewijzigd veld: de waarde ervoor en erna.")
class Wijziging:
    veld: str = strawberry.field(
        description="Naam van het veld in camelCase, zoals de API het noemt (`beoogdResultaat`); een sleutel binnen"
        " een veld na een punt (`GM0307.naam`)."
    )
    oud: JSON | None = strawberry.field(description="De waarde vóór deze wijziging (leeg als die er niet was).")
    nieuw: JSON | None = strawberry.field(description="De waarde na deze wijziging.")


@strawberry.type(description="Een persoon zoals de audittrail haar toont (namen staan nooit in gebeurtenissen).")
class Gebruiker:
    id: str = strawberry.field(description="Actor-id uit het token (gebruikersId).")
    weergave: str = strawberry.field(description="Naam uit het personenregister, of '[gewist]' (gebruikersWeergave).")
    rol: str = strawberry.field(description="Rol volgens het personenregister.")
    organisatie: str = strawberry.field(description="Organisatie (gemeentecode, gremium of rol).")


@strawberry.type(description="Eén regel van de audittrail, naar het model van de ZGW-audittrail.")
class AuditRegel:
    positie: int = strawberry.field(description="Positie van de gebeurtenis in het eventlog.")
    object_id: strawberry.ID = strawberry.field(
        description="Globaal id van het gewijzigde object (hoofdObject); ook voor `node(id:)` en `objectId`-argumenten."
    )
    object_uuid: strawberry.ID = strawberry.field(
        description="Het ruwe UUID van het object (zoals vóór de globale ids).",
        deprecation_reason="Gebruik objectId (het globale id); vervalt na 2027-06-30",
    )
    object_type: str = strawberry.field(description="Soort object (de aggregate, resource).")
    object_versie: int = strawberry.field(description="Versie van het object na deze wijziging.")
    gebeurtenis: str = strawberry.field(description="Type gebeurtenis, bijvoorbeeld 'Regio.GemeenteGeregistreerd'.")
    actie: AuditActie = strawberry.field(description="Aanmaken, wijzigen of beëindigen (ZGW).")
    actie_weergave: str = strawberry.field(description="De gebeurtenis in woorden.")
    resultaat: int = strawberry.field(
        description="Als HTTP-status (ZGW): 201 aangemaakt, 200 gewijzigd, 204 beëindigd."
    )
    pdca: PdcaFase | None = strawberry.field(description="PDCA-fase van de gebeurtenis.")
    aanmaakdatum: dt.datetime = strawberry.field(description="Wanneer vastgelegd (systeemtijd).")
    datum_in_werkelijkheid: dt.date | None = strawberry.field(
        description="Wanneer het in de werkelijkheid gebeurde of besloten werd (de 'dd.'),"
        " als de gebeurtenis die heeft."
    )
    gebruiker: Gebruiker = strawberry.field(
        description="Wie de wijziging deed.",
        deprecation_reason="Gebruik `vastgelegdDoor` (een Official: naam, rol, organisatie); vervalt na 2027-06-30.",
    )
    vastgelegd_door: Official = strawberry.field(
        description="Wie de wijziging deed: naam (of '[gewist]'), rol en organisatie uit het personenregister."
    )
    request_id: str = strawberry.field(description="Request-id van het verzoek dat de wijziging deed.")
    toelichting: str | None = strawberry.field(description="Waarom (opgegeven bij de wijziging).")
    besluit_id: str | None = strawberry.field(description="Het besluit op wiens gezag de wijziging gebeurde.")
    gemeente: str | None = strawberry.field(description="De gemeente van het object, als het er een heeft.")
    wijzigingen: list[Wijziging] = strawberry.field(description="Per gewijzigd veld oud en nieuw.")


def words(event_type: str) -> str:
    name = event_type.rsplit(".", 1)[-1]
    return " ".join(w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", name)).capitalize()


def veldnaam(name: str) -> str:
    """An event field name as the API spells it: ``beoogd_resultaat`` -> ``beoogdResultaat``."""
    head, *rest = name.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def gebruiker(actor_id: str, people: dict[str, directory.PersoonRow]) -> Gebruiker:
    p = people.get(actor_id)
    if p is None:
        return Gebruiker(id=actor_id, weergave=actor_id, rol="", organisatie="")
    return Gebruiker(id=actor_id, weergave=p.weergave, rol=p.rol, organisatie=p.organisatie)


def to_regel(r: audit_queries.AuditRow, people: dict[str, directory.PersoonRow]) -> AuditRegel:
    return AuditRegel(
        positie=r.position,
        object_id=to_global_id(r.object_type, r.object_id),
        object_uuid=strawberry.ID(str(r.object_id)),
        object_type=r.object_type,
        object_versie=r.object_version,
        gebeurtenis=r.event_type,
        actie=AuditActie(r.actie),
        actie_weergave=words(r.event_type),
        resultaat=RESULTAAT.get(r.actie, 200),
        pdca=PdcaFase(r.pdca) if r.pdca else None,
        aanmaakdatum=r.recorded_at,
        datum_in_werkelijkheid=r.business_date,
        gebruiker=gebruiker(r.actor_id, people),
        vastgelegd_door=official_of(r.actor_id, people.get(r.actor_id)),
        request_id=r.request_id,
        toelichting=r.toelichting,
        besluit_id=global_id_or_none("Besluit", r.besluit_id),
        gemeente=r.gemeente,
        wijzigingen=[Wijziging(veld=veldnaam(c["veld"]), oud=c["oud"], nieuw=c["nieuw"]) for c in r.changes],
    )


@strawberry.type(description="Een persoon in het personenregister.")
class Persoon:
    actor_id: str = strawberry.field(description="Actor-id (zoals in de gebeurtenissen).")
    naam: str | None = strawberry.field(description="Weergavenaam; leeg na wissen.")
    weergave: str = strawberry.field(description="Zoals de audittrail de persoon toont.")
    rol: str = strawberry.field(description="Rol.")
    organisatie: str = strawberry.field(description="Organisatie (gemeentecode, gremium of rol).")
    gewist: bool = strawberry.field(description="De naam is gewist (AVG); rol en organisatie blijven.")


def to_persoon(p: directory.PersoonRow) -> Persoon:
    return Persoon(
        actor_id=p.actor_id, naam=p.naam, weergave=p.weergave, rol=p.rol, organisatie=p.organisatie, gewist=p.gewist
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="De audittrail: elke wijziging met wie, wanneer (beide tijden), wat (oud/nieuw), op wiens gezag"
        " en waarom. Voor de auditor en het programmabureau; een gemeente ziet alleen de eigen objecten."
    )
    async def audit_trail(
        self,
        info: Info[Context, None],
        object_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Alleen dit object en zijn onderdelen.")
        ] = None,
        actor_id: Annotated[str | None, strawberry.argument(description="Alleen wijzigingen van deze persoon.")] = None,
        gemeente: Annotated[str | None, strawberry.argument(description="Alleen objecten van deze gemeente.")] = None,
        vanaf: Annotated[dt.datetime | None, strawberry.argument(description="Vastgelegd op of na (UTC).")] = None,
        tot: Annotated[dt.datetime | None, strawberry.argument(description="Vastgelegd vóór (UTC).")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[dt.datetime | None, strawberry.argument(description=AS_OF)] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Annotated[dt.date | None, strawberry.argument(description=LOG_PEILDATUM)] = None,
    ) -> Connection[AuditRegel]:
        ctx = info.context
        scope = audit_trail_scope(ctx.user)
        page = paging(info, first, after, last, before)
        oid = optional_uuid(object_id, "objectId")
        f = audit_queries.AuditFilter(object_id=oid, actor_id=actor_id, gemeente=gemeente, since=vanaf, until=tot)
        position = await ctx.as_of(as_of, min_position)
        with temporal.valid_time(peildatum):
            async with ctx.db() as conn:
                rows = await audit_queries.trail(conn, scope, f, page, position)
                people = await directory.lookup(conn, sorted({r.actor_id for r in rows.rows}))
        return connection(rows, to_node=lambda r: to_regel(r, people))

    @strawberry.field(
        description="Het personenregister (programmabureau en auditor). Niet tijdreizend: namen kunnen gewist worden."
    )
    async def personen(
        self,
        info: Info[Context, None],
        organisatie: Annotated[str | None, strawberry.argument(description="Alleen deze organisatie.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        as_of: Annotated[
            dt.datetime | None,
            strawberry.argument(description="Genegeerd: het register houdt bewust geen geschiedenis bij (AVG)."),
        ] = None,
        min_position: Annotated[int | None, strawberry.argument(description=MIN_POSITION)] = None,
        peildatum: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Genegeerd, zoals asOf: namen hebben bewust geen geschiedenis (AVG); een verbeterde of"
                " gewiste naam geldt ook voor elke datum in het verleden."
            ),
        ] = None,
    ) -> Connection[Persoon]:
        ctx = info.context
        page = paging(info, first, after, last, before)
        await ctx.as_of(None, min_position)
        async with ctx.db() as conn:
            rows = await directory.personen(conn, ctx.user, page, organisatie)
        return connection(rows, to_node=to_persoon)


@strawberry.input(description="Een naam in het personenregister zetten of verbeteren.")
class ZetPersoonInput(CommandInput):
    actor_id: str = strawberry.field(description="Actor-id (zoals in de tokens en gebeurtenissen).")
    naam: str = strawberry.field(description="Weergavenaam.")
    rol: str = strawberry.field(default="", description="Rol.")
    organisatie: str = strawberry.field(default="", description="Organisatie (gemeentecode, gremium of rol).")


@strawberry.input(description="Een naam wissen uit het personenregister (AVG); rol en organisatie blijven.")
class WisPersoonInput(CommandInput):
    actor_id: str = strawberry.field(description="Actor-id van de persoon.")


@strawberry.type(description="Resultaat van een wijziging in het personenregister.")
class PersoonPayload:
    persoon: Persoon = strawberry.field(description="De persoon zoals het register haar nu toont.")


PersoonResult: TypeAlias = Annotated[PersoonPayload | MutationError, strawberry.union("PersoonResult")]
"""The directory is not event-sourced: its payload has no version or position (not a ``Payload``)."""


async def _directory_write(ctx: Context, action: Any) -> PersoonResult:
    from psycopg import AsyncConnection

    from domain.errors import DomainError

    try:
        async with await AsyncConnection.connect(ctx.runtime.database.url, autocommit=True) as conn:
            row = await action(conn)
    except DomainError as exc:
        return to_user_error(exc)
    if row is None:
        return NotFoundError(message="deze persoon staat niet in het register", code="NOT_FOUND")
    return PersoonPayload(persoon=to_persoon(row))


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(description="Zet of verbeter een naam in het personenregister (alleen het programmabureau).")
    async def zet_persoon(self, info: Info[Context, None], input: ZetPersoonInput) -> PersoonResult:
        ctx = info.context
        return await _directory_write(
            ctx,
            lambda conn: directory.zet_persoon(
                conn, ctx.user, input.actor_id, input.naam, input.rol, input.organisatie
            ),
        )

    @strawberry.mutation(description="Wis een naam uit het personenregister (alleen het programmabureau).")
    async def wis_persoon(self, info: Info[Context, None], input: WisPersoonInput) -> PersoonResult:
        ctx = info.context
        return await _directory_write(ctx, lambda conn: directory.wis_persoon(conn, ctx.user, input.actor_id))

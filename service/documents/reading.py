"""Reading a plan for a document, exactly as GraphQL reads it: the same
query functions with the reader's plan scope, on a connection from the same
``Context.db()`` (so whatever that sets up per principal applies here too).

The CLI has no HTTP request; :func:`context_for` gives it a Context of its
own principal with a synthetic request."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from uuid import UUID

from starlette.requests import Request

from domain.plan_values import Kosten, Planning
from domain.principal import Principal
from projections import regio as regio_view
from projections.plans import documents as dq
from projections.plans import queries as q
from projections.plans import regiobeeld as rb
from projections.plans.queries import PuntRow, TimelineRow
from service.documents.cells import DeelstapTekst, StandTekst
from service.documents.model import LOKAAL, REGIONAAL, Document, Kop, Plan, Punt
from service.graphql.context import Context
from service.runtime import Runtime


def context_for(runtime: Runtime, principal: Principal, request_id: str = "cli") -> Context:
    """A Context outside HTTP (the command line), for the same read path."""
    request = Request({"type": "http", "method": "GET", "path": "/cli", "headers": [], "query_string": b""})
    return Context(request=request, response=None, runtime=runtime, principal=principal, request_id=request_id)


def _standen(rows: list[TimelineRow]) -> list[StandTekst]:
    return [StandTekst(r.peildatum, r.tekst, r.signaal) for r in rows]


def _lokaal(p: PuntRow, standen: list[TimelineRow]) -> Punt:
    kosten = None
    if p.kosten_bedrag is not None or p.kosten_omschrijving or p.dekking or p.begrotingsjaar:
        kosten = Kosten(p.kosten_bedrag, p.kosten_omschrijving, p.dekking, p.begrotingsjaar)
    planning = None
    if p.planning_gereed is not None and p.planning_precisie:
        planning = Planning(p.planning_gereed, p.planning_precisie, p.planning_start)
    return Punt(
        soort=LOKAAL,
        basisfunctie=p.basisfunctie,
        thema=p.thema,
        doel=p.doel,
        zelfscan_link=p.zelfscan_link,
        beoogd_resultaat=p.beoogd_resultaat,
        indicatoren=list(p.indicatoren),
        anders_leren_doen=p.anders_leren_doen,
        verbeteractie=p.verbeteractie,
        deelstappen=[DeelstapTekst(d.tekst, d.gepland, d.afgerond_op) for d in p.deelstappen],
        deelstap_ids=[d.id for d in p.deelstappen],
        kosten=kosten,
        uitvoerder=p.uitvoerder,
        planning=planning,
        standen=_standen(standen),
        status=p.status,
        id=p.punt_id,
        versie=p.version,
    )


def _regionaal(r: rb.RegionaalRow, v: rb.VoortgangRow | None, standen: list[TimelineRow]) -> Punt:
    planning = None
    if v is not None and v.planning_gereed is not None and v.planning_precisie:
        planning = Planning(v.planning_gereed, v.planning_precisie, v.planning_start)
    return Punt(
        soort=REGIONAAL,
        basisfunctie=r.basisfunctie,
        thema=r.thema,
        doel=r.doel,
        beoogd_resultaat=r.beoogd_resultaat,
        indicatoren=list(r.indicatoren),
        uitvoerder=v.uitvoerder if v else None,
        planning=planning,
        standen=_standen(standen),
        status=r.status,
        id=r.punt_id,
        versie=v.version if v else 0,
    )


async def read_plan(ctx: Context, gemeente: str, as_of: int | None, periode: str | None = None) -> Plan | None:
    """The plan of ``gemeente`` as ``ctx.user`` may see it; None when it does
    not exist or may not be seen (never an error that tells which)."""
    async with ctx.db() as conn:
        headers = await q.plans(conn, as_of, gemeente, periode)
        if not headers:
            return None
        h = headers[-1]
        punten = await q.points(conn, as_of, ctx.runtime.settings.stale_after_weeks, plan_id=h.plan_id)
        regionale = [r for r in await rb.regional_points(conn, as_of, h.regio) if r.status != "vervallen"]
        progress = await rb.local_progress(conn, as_of, [r.punt_id for r in regionale], h.gemeente)
        subjects = [p.punt_id for p in punten] + [v.voortgang_id for v in progress]
        stand_rows = await dq.standen(conn, as_of, subjects)
        naam = next((g.naam for g in await regio_view.gemeenten(conn, None, as_of) if g.code == gemeente), gemeente)
    by_subject: dict[UUID, list[TimelineRow]] = defaultdict(list)
    for s in stand_rows:
        by_subject[s.subject_id].append(s)
    rows = [_lokaal(p, by_subject[p.punt_id]) for p in punten]
    per_punt = {v.punt_id: v for v in progress}
    for r in regionale:
        v = per_punt.get(r.punt_id)
        rows.append(_regionaal(r, v, by_subject[v.voortgang_id] if v else []))
    return Plan(
        gemeente=h.gemeente,
        naam=naam,
        periode=h.periode,
        titel=h.titel,
        status=h.status,
        template_versie=h.template_versie,
        kop=Kop(
            documenten=[Document(d["niveau"], d["titel"], d.get("verwijzing")) for d in h.documenten],
            portefeuillehouders=list(h.portefeuillehouders),
            beleidsmedewerkers=list(h.beleidsmedewerkers),
            lokale_aanvullingen=h.lokale_aanvullingen,
        ),
        punten=rows,
        id=h.plan_id,
        versie=h.version,
        regio=h.regio,
        positie=as_of,
        vastgelegd_op=dt.datetime.now(dt.UTC),
    )


async def regio_of(ctx: Context, gemeente: str) -> tuple[str, str] | None:
    """(regio code, gemeente naam) of a gemeente, from the regio view."""
    async with ctx.db() as conn:
        regios = {r.regio_id: r.code for r in await regio_view.regios(conn, None)}
        for g in await regio_view.gemeenten(conn, None, None):
            if g.code == gemeente:
                return regios.get(g.regio_id, ""), g.naam
    return None

"""View: the ontwikkelplannen, their ontwikkelpunten (all eight columns),
deelstappen, stand van zaken, planning history, and the regional points with
each gemeente's progress. Queries: ``projections.plans.queries`` (plan,
timeline, regional points) and ``projections.plans.regiobeeld`` (regiobeeld,
hygiene)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from domain.ontwikkelplan import CONCEPT, Ontwikkelplan
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.regionaal import LokaleVoortgang, RegionaalOntwikkelpunt
from projections import temporal
from projections.base import Position, Projection, handles
from projections.batch_writer import writer_for

P = Ontwikkelpunt
PUNT_STATUS: dict[type, str] = {
    P.Vastgesteld: "vastgesteld",
    P.InUitvoeringGenomen: "in_uitvoering",
    P.Afgerond: "afgerond",
    P.Vervallen: "vervallen",
}
STAND_EVENTS = (P.StandVanZakenBijgewerkt, LokaleVoortgang.StandVanZakenBijgewerkt)


def _versioned(cur: Cursor[Any], table: str, key: dict[str, UUID], e: Any, pos: Position, **changes: Any) -> None:
    changes = {**changes, "version": e.originator_version, "geldig_op": temporal.valid_on(e, pos.recorded_at)}
    temporal.change(cur, table, key, changes, pos.id)


PRELOAD: dict[str, tuple[str, str]] = {
    "Ontwikkelplan": ("ontwikkelplan_view", "plan_id"),
    "Ontwikkelpunt": ("ontwikkelpunt_view", "punt_id"),
    "RegionaalOntwikkelpunt": ("regionaal_punt_view", "punt_id"),
    "LokaleVoortgang": ("regionale_voortgang_view", "voortgang_id"),
}
DEELSTAP_EVENTS = (P.DeelstapToegevoegd, P.DeelstapHerformuleerd, P.DeelstappenHerordend, P.DeelstapAfgerond)


class PlansProjection(Projection):
    """Buffered (``Projection.buffered``): in a batch the writes fold in memory
    (:mod:`projections.batch_writer`) and each table is written once.
    :meth:`begin_batch` preloads the current rows of every plan, point,
    regional point and voortgang the batch touches, and the deelstappen of
    the points whose deelstappen change (one query per table); handlers read
    those rows through the writer. Outside a batch (no writer) every handler
    writes and reads with SQL directly."""

    name = "plans"
    buffered = True
    deferred_indexes = True
    tables = (
        "ontwikkelplan_view",
        "ontwikkelpunt_view",
        "deelstap_view",
        "stand_van_zaken_view",
        "planning_historie_view",
        "regionaal_punt_view",
        "regionale_voortgang_view",
    )

    def __init__(self) -> None:
        self._stappen: dict[UUID, int] | None = None

    def begin_batch(self, cur: Cursor[Any], events: Sequence[tuple[object, Position]]) -> None:
        w = writer_for(cur)
        self._stappen = None
        if w is None:
            return
        ids: dict[str, set[UUID]] = {}
        for e, _ in events:
            ids.setdefault(type(e).__qualname__.split(".", 1)[0], set()).add(getattr(e, "originator_id"))  # noqa: B009
        wanted = [(table, column, list(ids[a])) for a, (table, column) in PRELOAD.items() if a in ids]
        punten = list({e.originator_id for e, _ in events if isinstance(e, DEELSTAP_EVENTS)})
        if punten:
            wanted.append(("deelstap_view", "punt_id", punten))
        w.preload_many(wanted)
        self._stappen = {}
        if punten:
            for state in w.tables["deelstap_view"].rows.values():
                if state.current is not None:
                    punt = state.current["punt_id"]
                    self._stappen[punt] = self._stappen.get(punt, 0) + 1

    def end_batch(self, cur: Cursor[Any]) -> None:
        self._stappen = None

    def _volgorde(self, cur: Cursor[Any], punt_id: UUID) -> int:
        """The place of a new deelstap: after the point's current ones."""
        if self._stappen is not None:
            self._stappen[punt_id] = self._stappen.get(punt_id, 0) + 1
            return self._stappen[punt_id]
        row = cur.execute(
            "SELECT count(*) FROM deelstap_view WHERE punt_id = %s AND sys_to IS NULL", (punt_id,)
        ).fetchone()
        return int(row[0]) + 1 if row else 1

    def _gemeente_of(self, cur: Cursor[Any], table: str, key: str, subject: UUID) -> str:
        if (w := writer_for(cur)) is not None:
            current = w.current(table, {key: subject})
            return str(current["gemeente"]) if current else ""
        query = sql.SQL("SELECT gemeente FROM {} WHERE {} = %s AND sys_to IS NULL").format(
            sql.Identifier(table), sql.Identifier(key)
        )
        row = cur.execute(query, (subject,)).fetchone()
        return str(row[0]) if row else ""

    def _current_volgorde(self, cur: Cursor[Any], punt_id: UUID) -> dict[str, int]:
        if (w := writer_for(cur)) is not None:
            rows = w.current_rows("deelstap_view", "punt_id", punt_id)
            return {str(r["deelstap_id"]): int(r["volgorde"]) for r in rows}
        cur.execute("SELECT deelstap_id, volgorde FROM deelstap_view WHERE punt_id = %s AND sys_to IS NULL", (punt_id,))
        return {str(r[0]): int(r[1]) for r in cur.fetchall()}

    # -- the plan -------------------------------------------------------------------
    @handles(Ontwikkelplan.Aangemaakt)
    def plan_aangemaakt(self, cur: Cursor[Any], e: Ontwikkelplan.Aangemaakt, pos: Position) -> None:
        row = {
            "plan_id": e.originator_id,
            "gemeente": e.gemeente,
            "regio": e.regio,
            "periode": e.periode,
            "titel": e.titel,
            "template_versie": e.template_versie,
            "status": CONCEPT,
            "version": 1,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "ontwikkelplan_view", row, pos.id)

    def _plan(self, cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        _versioned(cur, "ontwikkelplan_view", {"plan_id": e.originator_id}, e, pos, **changes)

    @handles(Ontwikkelplan.DocumentenVastgelegd)
    def documenten(self, cur: Cursor[Any], e: Ontwikkelplan.DocumentenVastgelegd, pos: Position) -> None:
        self._plan(cur, e, pos, documenten=Jsonb(e.documenten))

    @handles(Ontwikkelplan.VerantwoordelijkenVastgelegd)
    def verantwoordelijken(
        self, cur: Cursor[Any], e: Ontwikkelplan.VerantwoordelijkenVastgelegd, pos: Position
    ) -> None:
        self._plan(
            cur,
            e,
            pos,
            portefeuillehouders=Jsonb(e.portefeuillehouders),
            beleidsmedewerkers=Jsonb(e.beleidsmedewerkers),
        )

    @handles(Ontwikkelplan.LokaleAanvullingenVastgelegd)
    def aanvullingen(self, cur: Cursor[Any], e: Ontwikkelplan.LokaleAanvullingenVastgelegd, pos: Position) -> None:
        self._plan(cur, e, pos, lokale_aanvullingen=e.tekst)

    @handles(Ontwikkelplan.Vastgesteld)
    def plan_vastgesteld(self, cur: Cursor[Any], e: Ontwikkelplan.Vastgesteld, pos: Position) -> None:
        self._plan(cur, e, pos, status="vastgesteld", vastgesteld_op=e.datum)

    @handles(Ontwikkelplan.Afgesloten)
    def plan_afgesloten(self, cur: Cursor[Any], e: Ontwikkelplan.Afgesloten, pos: Position) -> None:
        self._plan(cur, e, pos, status="afgesloten")

    # -- ontwikkelpunten ----------------------------------------------------------------
    @handles(P.Toegevoegd)
    def toegevoegd(self, cur: Cursor[Any], e: Ontwikkelpunt.Toegevoegd, pos: Position) -> None:
        row = {
            "punt_id": e.originator_id,
            "plan_id": e.plan_id,
            "gemeente": e.gemeente,
            "periode": e.periode,
            "basisfunctie": e.basisfunctie,
            "thema": e.thema,
            "doel": e.doel,
            "zelfscan_link": e.zelfscan_link,
            "status": CONCEPT,
            "version": 1,
            "toegevoegd_positie": pos.id,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "ontwikkelpunt_view", row, pos.id)

    def _punt(self, cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        _versioned(cur, "ontwikkelpunt_view", {"punt_id": e.originator_id}, e, pos, **changes)

    @handles(P.DoelGeformuleerd)
    def doel(self, cur: Cursor[Any], e: Ontwikkelpunt.DoelGeformuleerd, pos: Position) -> None:
        self._punt(cur, e, pos, doel=e.doel, zelfscan_link=e.zelfscan_link)

    @handles(P.BeoogdResultaatVastgelegd)
    def resultaat(self, cur: Cursor[Any], e: Ontwikkelpunt.BeoogdResultaatVastgelegd, pos: Position) -> None:
        self._punt(cur, e, pos, beoogd_resultaat=e.beoogd_resultaat, indicatoren=Jsonb(e.indicatoren))

    @handles(P.AndersLerenDoenVastgelegd)
    def anders_leren_doen(self, cur: Cursor[Any], e: Ontwikkelpunt.AndersLerenDoenVastgelegd, pos: Position) -> None:
        self._punt(cur, e, pos, anders_leren_doen=e.tekst)

    @handles(P.VerbeteractieOmschreven)
    def verbeteractie(self, cur: Cursor[Any], e: Ontwikkelpunt.VerbeteractieOmschreven, pos: Position) -> None:
        self._punt(cur, e, pos, verbeteractie=e.omschrijving)

    @handles(P.KostenVastgelegd)
    def kosten(self, cur: Cursor[Any], e: Ontwikkelpunt.KostenVastgelegd, pos: Position) -> None:
        self._punt(
            cur,
            e,
            pos,
            kosten_bedrag=e.bedrag,
            kosten_omschrijving=e.omschrijving,
            dekking=e.dekking,
            begrotingsjaar=e.begrotingsjaar,
        )

    @handles(P.UitvoerderVastgelegd)
    def uitvoerder(self, cur: Cursor[Any], e: Ontwikkelpunt.UitvoerderVastgelegd, pos: Position) -> None:
        self._punt(cur, e, pos, uitvoerder=e.uitvoerder)

    @handles(P.PlanningVastgelegd, P.PlanningAangepast)
    def planning(self, cur: Cursor[Any], e: Ontwikkelpunt.PlanningVastgelegd, pos: Position) -> None:
        self._punt(cur, e, pos, planning_start=e.start, planning_gereed=e.gereed, planning_precisie=e.precisie)
        row = {
            "punt_id": e.originator_id,
            "positie": pos.id,
            "planning_start": e.start,
            "planning_gereed": e.gereed,
            "planning_precisie": e.precisie,
            "aangepast": isinstance(e, P.PlanningAangepast),
            "toelichting": e.toelichting,
            "actor_id": e.actor_id,
            "besluit_id": e.besluit_id,
            "vastgelegd_op": pos.recorded_at,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "planning_historie_view", row, pos.id)

    @handles(P.Vastgesteld, P.InUitvoeringGenomen, P.Afgerond, P.Vervallen)
    def status(self, cur: Cursor[Any], e: Any, pos: Position) -> None:
        self._punt(cur, e, pos, status=PUNT_STATUS[type(e)])

    # -- deelstappen ----------------------------------------------------------------------
    @handles(P.DeelstapToegevoegd)
    def deelstap(self, cur: Cursor[Any], e: Ontwikkelpunt.DeelstapToegevoegd, pos: Position) -> None:
        self._punt(cur, e, pos)
        volgorde = self._volgorde(cur, e.originator_id)
        new = {
            "punt_id": e.originator_id,
            "deelstap_id": e.deelstap_id,
            "volgorde": volgorde,
            "tekst": e.tekst,
            "gepland": e.gepland,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "deelstap_view", new, pos.id)

    def _stap(self, cur: Cursor[Any], e: Any, deelstap_id: str, pos: Position, **changes: Any) -> None:
        key = {"punt_id": e.originator_id, "deelstap_id": deelstap_id}
        changes = {**changes, "geldig_op": temporal.valid_on(e, pos.recorded_at)}
        temporal.change(cur, "deelstap_view", key, changes, pos.id)

    @handles(P.DeelstapHerformuleerd)
    def herformuleerd(self, cur: Cursor[Any], e: Ontwikkelpunt.DeelstapHerformuleerd, pos: Position) -> None:
        self._punt(cur, e, pos)
        self._stap(cur, e, e.deelstap_id, pos, tekst=e.tekst)

    @handles(P.DeelstappenHerordend)
    def herordend(self, cur: Cursor[Any], e: Ontwikkelpunt.DeelstappenHerordend, pos: Position) -> None:
        self._punt(cur, e, pos)
        current = self._current_volgorde(cur, e.originator_id)
        for i, deelstap_id in enumerate(e.volgorde, start=1):
            if current.get(deelstap_id) != i:
                self._stap(cur, e, deelstap_id, pos, volgorde=i)

    @handles(P.DeelstapAfgerond)
    def stap_afgerond(self, cur: Cursor[Any], e: Ontwikkelpunt.DeelstapAfgerond, pos: Position) -> None:
        self._punt(cur, e, pos)
        self._stap(cur, e, e.deelstap_id, pos, afgerond_op=e.afgerond_op)

    # -- stand van zaken (local points and local progress on regional points) -------------
    @handles(P.StandVanZakenBijgewerkt)
    def stand(self, cur: Cursor[Any], e: Ontwikkelpunt.StandVanZakenBijgewerkt, pos: Position) -> None:
        self._punt(cur, e, pos)
        self._stand_row(cur, e, self._gemeente_of(cur, "ontwikkelpunt_view", "punt_id", e.originator_id), pos)

    def _stand_row(self, cur: Cursor[Any], e: Any, gemeente: str, pos: Position) -> None:
        row = {
            "subject_id": e.originator_id,
            "volgnummer": e.volgnummer,
            "gemeente": gemeente,
            "peildatum": e.peildatum,
            "tekst": e.tekst,
            "signaal": e.signaal,
            "auteur": e.auteur,
            "baseline": e.baseline,
            "vastgelegd_op": pos.recorded_at,
            "positie": pos.id,
        }
        temporal.insert(cur, "stand_van_zaken_view", row, pos.id)

    # -- regional points ---------------------------------------------------------------------
    @handles(RegionaalOntwikkelpunt.Vastgesteld)
    def regionaal(self, cur: Cursor[Any], e: RegionaalOntwikkelpunt.Vastgesteld, pos: Position) -> None:
        row = {
            "punt_id": e.originator_id,
            "regio": e.regio,
            "basisfunctie": e.basisfunctie,
            "thema": e.thema,
            "doel": e.doel,
            "beoogd_resultaat": e.beoogd_resultaat,
            "indicatoren": Jsonb(e.indicatoren),
            "besluit_id": e.besluit_id,
            "status": "actief",
            "version": 1,
            "vastgesteld_positie": pos.id,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "regionaal_punt_view", row, pos.id)

    @handles(RegionaalOntwikkelpunt.Herformuleerd)
    def regionaal_herformuleerd(self, cur: Cursor[Any], e: RegionaalOntwikkelpunt.Herformuleerd, pos: Position) -> None:
        _versioned(
            cur,
            "regionaal_punt_view",
            {"punt_id": e.originator_id},
            e,
            pos,
            doel=e.doel,
            beoogd_resultaat=e.beoogd_resultaat,
            indicatoren=Jsonb(e.indicatoren),
        )

    @handles(RegionaalOntwikkelpunt.Vervallen)
    def regionaal_vervallen(self, cur: Cursor[Any], e: RegionaalOntwikkelpunt.Vervallen, pos: Position) -> None:
        _versioned(cur, "regionaal_punt_view", {"punt_id": e.originator_id}, e, pos, status="vervallen")

    @handles(LokaleVoortgang.Gestart)
    def voortgang(self, cur: Cursor[Any], e: LokaleVoortgang.Gestart, pos: Position) -> None:
        row = {
            "voortgang_id": e.originator_id,
            "punt_id": e.punt_id,
            "gemeente": e.gemeente,
            "version": 1,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "regionale_voortgang_view", row, pos.id)

    def _voortgang(self, cur: Cursor[Any], e: Any, pos: Position, **changes: Any) -> None:
        _versioned(cur, "regionale_voortgang_view", {"voortgang_id": e.originator_id}, e, pos, **changes)

    @handles(LokaleVoortgang.UitvoerderVastgelegd)
    def voortgang_uitvoerder(self, cur: Cursor[Any], e: LokaleVoortgang.UitvoerderVastgelegd, pos: Position) -> None:
        self._voortgang(cur, e, pos, uitvoerder=e.uitvoerder)

    @handles(LokaleVoortgang.PlanningVastgelegd)
    def voortgang_planning(self, cur: Cursor[Any], e: LokaleVoortgang.PlanningVastgelegd, pos: Position) -> None:
        self._voortgang(cur, e, pos, planning_start=e.start, planning_gereed=e.gereed, planning_precisie=e.precisie)

    @handles(LokaleVoortgang.StandVanZakenBijgewerkt)
    def voortgang_stand(self, cur: Cursor[Any], e: LokaleVoortgang.StandVanZakenBijgewerkt, pos: Position) -> None:
        self._voortgang(cur, e, pos)
        subject = e.originator_id
        self._stand_row(cur, e, self._gemeente_of(cur, "regionale_voortgang_view", "voortgang_id", subject), pos)

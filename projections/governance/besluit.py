"""View: besluiten (the besluitenlijst and the decision register), with their
beslispunten, adviezen, links to affected objects and full history."""

from __future__ import annotations

import json
from typing import Any

from psycopg import Cursor
from psycopg.types.json import Jsonb

from domain.besluit import Besluit
from projections import temporal
from projections.base import Position, Projection, handles

_META = {"originator_id", "originator_version", "timestamp", "actor_id", "request_id", "toelichting", "besluit_id"}


def _details(e: Any) -> Jsonb:
    fields = {k: v for k, v in vars(e).items() if k not in _META and not (k == "peildatum" and v is None)}
    return Jsonb(json.loads(json.dumps(fields, default=str)))


class BesluitProjection(Projection):
    name = "governance_besluit"
    tables = (
        "besluit_beslispunt_view",
        "besluit_advies_view",
        "besluit_koppeling_view",
        "besluit_historie_view",
        "besluit_view",
    )

    def process(self, cur: Cursor[Any], event: object, pos: Position) -> bool:
        handled = super().process(cur, event, pos)
        if handled and isinstance(event, Besluit.Event):
            self._historie(cur, event, pos)
        return handled

    def _historie(self, cur: Cursor[Any], e: Besluit.Event, pos: Position) -> None:
        row = {
            "besluit_id": e.originator_id, "positie": pos.id, "versie": e.originator_version,
            "stap": type(e).__name__, "recorded_at": pos.recorded_at, "actor_id": e.actor_id,
            "toelichting": e.toelichting, "correctie_van": getattr(e, "correctie_van", None), "details": _details(e),
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "besluit_historie_view", row, pos.id)

    def _set(self, cur: Cursor[Any], e: Besluit.Event, pos: Position, **changes: Any) -> None:
        changes["version"] = e.originator_version
        changes["geldig_op"] = temporal.valid_on(e, pos.recorded_at)
        temporal.update(cur, "besluit_view", {"besluit_id": e.originator_id}, changes, pos.id)

    @handles(Besluit.Voorgesteld)
    def voorgesteld(self, cur: Cursor[Any], e: Besluit.Voorgesteld, pos: Position) -> None:
        row = {
            "besluit_id": e.originator_id, "regio": e.regio, "kenmerk": e.kenmerk, "onderwerp": e.onderwerp,
            "gremium": e.gremium, "voorstel": e.voorstel, "status": "voorgesteld", "voorgesteld_op": pos.recorded_at,
            "kader_inhoudelijk": e.kader_inhoudelijk, "kader_financieel": e.kader_financieel,
            "overwegingen": list(e.overwegingen), "betreft_gemeenten": list(e.betreft_gemeenten),
            "woo_status": "te_publiceren", "version": e.originator_version,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "besluit_view", row, pos.id)
        for punt in e.beslispunten:
            row = {"besluit_id": e.originator_id, "nummer": punt["nummer"], "tekst": punt["tekst"], "uitkomst": "open"}
            row["geldig_op"] = temporal.valid_on(e, pos.recorded_at)
            temporal.insert(cur, "besluit_beslispunt_view", row, pos.id)
        for k in e.koppelingen:
            self._koppel(cur, e, k["soort"], k["id"], pos)

    def _koppel(self, cur: Cursor[Any], e: Besluit.Event, soort: str, object_id: str, pos: Position) -> None:
        row = {
            "besluit_id": e.originator_id,
            "soort": soort,
            "object_id": object_id,
            "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }
        temporal.insert(cur, "besluit_koppeling_view", row, pos.id)

    @handles(Besluit.AdviesUitgebracht)
    def advies(self, cur: Cursor[Any], e: Besluit.AdviesUitgebracht, pos: Position) -> None:
        row = {
            "besluit_id": e.originator_id, "positie": pos.id, "adviseur": e.adviseur,
            "adviseur_soort": e.adviseur_soort, "standpunt": e.standpunt, "toelichting": e.advies_toelichting,
            "datum": e.datum, "geldig_op": temporal.valid_on(e, pos.recorded_at),
        }  # fmt: skip
        temporal.insert(cur, "besluit_advies_view", row, pos.id)
        self._set(cur, e, pos)

    @handles(Besluit.Gekoppeld)
    def gekoppeld(self, cur: Cursor[Any], e: Besluit.Gekoppeld, pos: Position) -> None:
        self._koppel(cur, e, e.soort, e.object_id, pos)
        self._set(cur, e, pos)

    @handles(Besluit.Geagendeerd)
    def geagendeerd(self, cur: Cursor[Any], e: Besluit.Geagendeerd, pos: Position) -> None:
        self._set(cur, e, pos, status="geagendeerd", overleg_id=e.overleg)

    def _uitkomsten(self, cur: Cursor[Any], e: Besluit.Event, uitkomsten: dict[str, str], pos: Position) -> None:
        for nummer, uitkomst in uitkomsten.items():
            key = {"besluit_id": e.originator_id, "nummer": int(nummer)}
            changes = {"uitkomst": uitkomst, "geldig_op": temporal.valid_on(e, pos.recorded_at)}
            temporal.update(cur, "besluit_beslispunt_view", key, changes, pos.id)

    @handles(Besluit.Genomen)
    def genomen(self, cur: Cursor[Any], e: Besluit.Genomen, pos: Position) -> None:
        self._set(
            cur, e, pos, status="genomen", datum=e.datum, vastgelegd_op=pos.recorded_at,
            mandaat_regel=e.mandaat_regel, mandaat_versie=e.mandaat_versie,
        )  # fmt: skip
        self._uitkomsten(cur, e, e.uitkomsten, pos)

    @handles(Besluit.Verworpen)
    def verworpen(self, cur: Cursor[Any], e: Besluit.Verworpen, pos: Position) -> None:
        self._set(
            cur, e, pos, status="verworpen", datum=e.datum, vastgelegd_op=pos.recorded_at,
            mandaat_regel=e.mandaat_regel, mandaat_versie=e.mandaat_versie,
        )  # fmt: skip
        rows = cur.execute(
            "SELECT nummer FROM besluit_beslispunt_view WHERE besluit_id = %s AND sys_to IS NULL", (e.originator_id,)
        ).fetchall()
        self._uitkomsten(cur, e, {str(r[0]): "verworpen" for r in rows}, pos)

    @handles(Besluit.Aangehouden)
    def aangehouden(self, cur: Cursor[Any], e: Besluit.Aangehouden, pos: Position) -> None:
        self._set(cur, e, pos, status="aangehouden")

    @handles(Besluit.Doorgeleid)
    def doorgeleid(self, cur: Cursor[Any], e: Besluit.Doorgeleid, pos: Position) -> None:
        self._set(cur, e, pos, status="doorgeleid", gremium=e.naar, doorgeleid_van=e.van, overleg_id=None)

    @handles(Besluit.Gecorrigeerd)
    def gecorrigeerd(self, cur: Cursor[Any], e: Besluit.Gecorrigeerd, pos: Position) -> None:
        changes: dict[str, Any] = {}
        if e.onderwerp:
            changes["onderwerp"] = e.onderwerp
        if e.overwegingen is not None:
            changes["overwegingen"] = list(e.overwegingen)
        self._set(cur, e, pos, **changes)
        for punt in e.beslispunten or []:
            key = {"besluit_id": e.originator_id, "nummer": int(punt["nummer"])}
            values = {k: v for k, v in punt.items() if k in ("tekst", "uitkomst")}
            if values:
                values["geldig_op"] = temporal.valid_on(e, pos.recorded_at)
                temporal.update(cur, "besluit_beslispunt_view", key, values, pos.id)

    @handles(Besluit.WooStatusGewijzigd)
    def woo(self, cur: Cursor[Any], e: Besluit.WooStatusGewijzigd, pos: Position) -> None:
        self._set(cur, e, pos, woo_status=e.status, woo_datum=e.datum, woo_grond=e.grond)

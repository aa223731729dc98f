"""View: the audit trail, one row per domain event, for every aggregate.

Generic: :meth:`AuditProjection.process` handles every event type (technical
``IdempotencyRecord`` events excepted), so a new aggregate is audited without
any change here. Each row holds, shaped like the ZGW audittrail:

* what: object id and type (the aggregate class), event type, ``actie``
  (``create`` for a creation event, ``destroy`` for an event whose name ends in
  one of :data:`DESTROY_SUFFIXES`, otherwise ``partial_update``), the PDCA phase
  (``domain/pdca.py``), and per changed field the old and new value;
* who and why: actor id (names come from the people directory at read
  time), request id, toelichting, besluit id (on whose authority);
* when: ``recorded_at`` (system time, from the position) and
  ``business_date`` (when it was true or decided in the world).

**Business-date convention.** The business date of an event is the value of
its first field, in the order of :data:`BUSINESS_DATE_FIELDS`, that holds a
``datetime.date``; event types in :data:`NO_BUSINESS_DATE` have none (there
``datum`` is a *planned* date). Name the date field of a new event after this
list (``datum`` for "the date this happened/was decided").

**Old values** come from the previous event of the same object that carried the
same field (kept per object in ``audit_object_state``). Events that add an item
to a collection (:data:`ITEM_KEYS`) record their fields under ``<key>.<field>``.

**Gemeente and scope.** A row's ``gemeente`` is the object's own ``gemeente``
field, else that of an object its first event refers to (a UUID in a field,
or a ``*_id`` field holding one). ``scope`` lists the object and those
ancestors, so the trail of a plan includes its ontwikkelpunten and milestones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from psycopg import Cursor
from psycopg.types.json import Jsonb

from domain.pdca import NOT_CLASSIFIED, phase_of
from projections import temporal
from projections.base import Position, Projection

META_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_id", "request_id"}
    | {"toelichting", "besluit_id"}
)
BUSINESS_DATE_FIELDS: tuple[str, ...] = ("datum", "dd", "peildatum", "besloten_op", "op", "bereikt_op")
BUSINESS_DATE_FIELDS += ("afgerond_op", "vastgesteld_op", "ingesteld_op", "opgeheven_op")
NO_BUSINESS_DATE = frozenset({"Mijlpaal.Gepland"})
DESTROY_SUFFIXES = ("Verwijderd", "Vervallen", "Opgeheven", "Ingetrokken", "Geschrapt")
ITEM_KEYS: dict[str, str] = {
    "Regio.GemeenteGeregistreerd": "code",
    "Gremium.ZetelToegevoegd": "organisatie",
    "Gremium.ZetelVervallen": "organisatie",
    "Ontwikkelpunt.DeelstapToegevoegd": "deelstap_id",
    "Ontwikkelpunt.DeelstapHerformuleerd": "deelstap_id",
    "Ontwikkelpunt.DeelstapAfgerond": "deelstap_id",
    "Overleg.AgendapuntToegevoegd": "nummer",
    "Begroting.RegelVastgelegd": "code",
    "Begroting.FinancieringsbronToegevoegd": "naam",
    "Besluit.AdviesUitgebracht": "adviseur",
}


def to_json(value: Any) -> Any:
    """An event value as JSON (Decimal as string, dates ISO, UUIDs as text):
    exactly ``json.loads(json.dumps(value, default=_default))``, with the common
    exact types converted directly (the projection's hot path)."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is dict and all(type(k) is str for k in value):
        return {k: to_json(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [to_json(v) for v in value]
    if kind in _AS_TEXT:
        return str(value)
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    return json.loads(json.dumps(value, default=_default))


_AS_IS = frozenset({str, int, bool, float, type(None)})
_AS_TEXT = frozenset({Decimal, UUID})


def _default(value: Any) -> Any:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def event_name(event: object) -> str:
    return type(event).__qualname__


def object_type(event: object) -> str:
    return event_name(event).rsplit(".", 1)[0]


def payload(event: object) -> dict[str, Any]:
    """The event's own fields (without the envelope and command metadata)."""
    fields = own_fields(event)
    key = ITEM_KEYS.get(event_name(event))
    if key is not None and key in fields:
        return {f"{fields[key]}.{k}": v for k, v in fields.items()}
    return fields


def business_date(event: object) -> dt.date | None:
    if event_name(event) in NO_BUSINESS_DATE:
        return None
    for name in BUSINESS_DATE_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
    return None


def actie(event: object) -> str:
    if isinstance(event, Aggregate.Created):
        return "create"
    if event_name(event).endswith(DESTROY_SUFFIXES):
        return "destroy"
    return "partial_update"


def own_fields(event: object) -> dict[str, Any]:
    """The event's own fields; the valid-time ``peildatum`` of the command
    metadata only when it was given (a stand van zaken always has its own)."""
    return {k: v for k, v in vars(event).items() if k not in META_FIELDS and not (k == "peildatum" and v is None)}


def referenced_ids(fields: dict[str, Any]) -> list[UUID]:
    found: list[UUID] = []
    for name, value in fields.items():
        if isinstance(value, UUID):
            found.append(value)
        elif isinstance(value, str) and name.endswith("_id"):
            try:
                found.append(UUID(value))
            except ValueError:
                continue
    return found


def changes(old: dict[str, Any], new: dict[str, Any], created: bool) -> list[dict[str, Any]]:
    return [
        {"veld": name, "oud": old.get(name), "nieuw": value}
        for name, value in new.items()
        if created or old.get(name) != value
    ]


State = dict[str, Any]


class AuditProjection(Projection):
    """Batch-oriented: :meth:`begin_batch` loads the working state of every
    object the batch touches or refers to in one query, :meth:`process` folds
    in memory, :meth:`end_batch` writes the trail rows with one COPY and each
    changed object's state once. ``process`` outside a batch is a batch of one."""

    name = "audit"
    tables = ("audit_trail", "audit_object_state")
    deferred_indexes = True

    def __init__(self) -> None:
        self._states: dict[UUID, State] | None = None
        self._dirty: set[UUID] = set()
        self._rows: list[tuple[dict[str, Any], int]] = []

    def begin_batch(self, cur: Cursor[Any], events: Sequence[tuple[object, Position]]) -> None:
        audited = [e for e, _ in events if object_type(e) not in NOT_CLASSIFIED]
        ids = {getattr(e, "originator_id") for e in audited}  # noqa: B009
        known = self._load(cur, ids)
        firsts = {getattr(e, "originator_id"): e for e in reversed(audited)}  # noqa: B009
        refs = {r for oid, e in firsts.items() if oid not in known for r in referenced_ids(own_fields(e))}
        known.update(self._load(cur, refs - ids))
        self._states, self._dirty, self._rows = known, set(), []

    def end_batch(self, cur: Cursor[Any]) -> None:
        if self._states is None:
            return
        temporal.insert_many(cur, "audit_trail", self._rows)
        cur.executemany(
            "INSERT INTO audit_object_state (object_id, object_type, gemeente, scope, fields)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (object_id) DO UPDATE SET fields = EXCLUDED.fields,"
            " gemeente = EXCLUDED.gemeente",
            [self._state_params(oid, self._states[oid]) for oid in self._dirty],
        )
        self._states, self._dirty, self._rows = None, set(), []

    def wants(self, event_type: type) -> bool:
        return event_type.__qualname__.rsplit(".", 1)[0] not in NOT_CLASSIFIED

    def process(self, cur: Cursor[Any], event: object, pos: Position) -> bool:
        if object_type(event) in NOT_CLASSIFIED:
            return False
        if self._states is None:  # not called by the runner: a batch of one
            self.begin_batch(cur, [(event, pos)])
            self.process(cur, event, pos)
            self.end_batch(cur)
            return True
        oid: UUID = getattr(event, "originator_id")  # noqa: B009 - every stored event has one
        fields = to_json(payload(event))
        state = self._states.get(oid) or self._new_state(self._states, event, fields)
        old: dict[str, Any] = state["fields"]
        self._rows.append((self._row(event, pos, state, changes(old, fields, not old)), pos.id))
        merged = {**old, **fields}
        self._states[oid] = {**state, "gemeente": merged.get("gemeente") or state["gemeente"], "fields": merged}
        self._dirty.add(oid)
        return True

    @staticmethod
    def _load(cur: Cursor[Any], ids: set[UUID]) -> dict[UUID, State]:
        if not ids:
            return {}
        rows = cur.execute(
            "SELECT object_id, object_type, gemeente, scope, fields FROM audit_object_state WHERE object_id = ANY(%s)",
            (list(ids),),
        ).fetchall()
        return {r[0]: {"object_type": r[1], "gemeente": r[2], "scope": list(r[3]), "fields": r[4]} for r in rows}

    @staticmethod
    def _state_params(oid: UUID, state: State) -> tuple[Any, ...]:
        return (oid, state["object_type"], state["gemeente"], state["scope"], Jsonb(state["fields"]))

    @staticmethod
    def _new_state(states: dict[UUID, State], event: object, fields: dict[str, Any]) -> State:
        """A first event: inherit gemeente and scope from the objects it refers to."""
        oid: UUID = getattr(event, "originator_id")  # noqa: B009
        refs = [r for r in dict.fromkeys(referenced_ids(own_fields(event))) if r != oid]
        parents = [states[r] for r in refs if r in states]
        scope = [oid, *dict.fromkeys(s for p in parents for s in p["scope"])]
        own = fields.get("gemeente") if isinstance(fields.get("gemeente"), str) else None
        gemeente = own or next((p["gemeente"] for p in parents if p["gemeente"]), None)
        return {"object_type": object_type(event), "gemeente": gemeente, "scope": scope, "fields": {}}

    @staticmethod
    def _row(event: object, pos: Position, state: dict[str, Any], changed: list[dict[str, Any]]) -> dict[str, Any]:
        new_gemeente = next((c["nieuw"] for c in changed if c["veld"] == "gemeente"), None)
        return {
            "position": pos.id,
            "object_id": getattr(event, "originator_id"),  # noqa: B009
            "object_type": state["object_type"],
            "object_version": getattr(event, "originator_version"),  # noqa: B009
            "event_type": event_name(event),
            "actie": actie(event),
            "pdca": phase_of(event_name(event)),
            "recorded_at": pos.recorded_at,
            "business_date": business_date(event),
            "geldig_op": temporal.valid_on(event, pos.recorded_at),
            "actor_id": getattr(event, "actor_id", "system"),
            "request_id": getattr(event, "request_id", "") or "",
            "toelichting": getattr(event, "toelichting", None),
            "besluit_id": getattr(event, "besluit_id", None),
            "gemeente": new_gemeente if isinstance(new_gemeente, str) else state["gemeente"],
            "scope": state["scope"],
            "changes": Jsonb(changed),
        }

"""The generic audit projection: one row per event, old and new values, both times, gemeente and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID, uuid4

import psycopg
from eventsourcing.domain import event
from psycopg.rows import dict_row

from domain.base import CommandMeta, VoortgangAggregate, command_context
from service.runtime import Runtime


class Proefplan(VoortgangAggregate):
    """A stand-in aggregate: the audit projection must work for any aggregate."""

    class Aangemaakt(VoortgangAggregate.Created):
        gemeente: str
        titel: str

    class TitelGewijzigd(VoortgangAggregate.Event):
        titel: str

    class Vastgesteld(VoortgangAggregate.Event):
        datum: dt.date

    @event(Aangemaakt)
    def __init__(self, gemeente: str, titel: str) -> None:
        self.gemeente = gemeente
        self.titel = titel

    @event(TitelGewijzigd)
    def wijzig_titel(self, titel: str) -> None:
        self.titel = titel

    @event(Vastgesteld)
    def stel_vast(self, datum: dt.date) -> None:
        self.vastgesteld = datum


class Proefpunt(VoortgangAggregate):
    class Aangemaakt(VoortgangAggregate.Created):
        plan_id: UUID
        titel: str

    class Verwijderd(VoortgangAggregate.Event):
        pass

    @event(Aangemaakt)
    def __init__(self, plan_id: UUID, titel: str) -> None:
        self.plan_id = plan_id

    @event(Verwijderd)
    def verwijder(self) -> None:
        self.weg = True


def _project(runtime: Runtime) -> list[dict[str, Any]]:
    runtime.projector().catch_up()
    with psycopg.connect(runtime.database.url, row_factory=dict_row) as conn:
        return conn.execute("SELECT * FROM audit_trail ORDER BY position").fetchall()


def _plan_with_point(runtime: Runtime) -> tuple[Proefplan, Proefpunt]:
    meta = CommandMeta(actor_id="gm-1", request_id="req-9", toelichting="nieuw plan", besluit_id="b-1")
    with command_context(meta):
        plan = Proefplan(gemeente="GM0307", titel="Plan A")
        plan.wijzig_titel("Plan B")
        plan.stel_vast(dt.date(2024, 3, 14))
        punt = Proefpunt(plan_id=plan.id, titel="Punt 1")
        punt.verwijder()
        runtime.app.save(plan, punt)
    return plan, punt


def test_every_event_gets_one_audit_row_with_who_why_and_on_whose_authority(sync_runtime: Runtime) -> None:
    plan, _ = _plan_with_point(sync_runtime)
    rows = _project(sync_runtime)
    assert [r["event_type"] for r in rows] == [
        "Proefplan.Aangemaakt",
        "Proefplan.TitelGewijzigd",
        "Proefplan.Vastgesteld",
        "Proefpunt.Aangemaakt",
        "Proefpunt.Verwijderd",
    ]
    assert [r["actie"] for r in rows] == ["create", "partial_update", "partial_update", "create", "destroy"]
    assert {(r["actor_id"], r["request_id"], r["toelichting"], r["besluit_id"]) for r in rows} == {
        ("gm-1", "req-9", "nieuw plan", "b-1")
    }
    assert rows[0]["object_type"] == "Proefplan"
    assert rows[0]["object_id"] == plan.id


def test_a_change_records_the_old_value_from_the_previous_event_of_the_same_object(sync_runtime: Runtime) -> None:
    _plan_with_point(sync_runtime)
    rows = _project(sync_runtime)
    assert rows[0]["changes"] == [
        {"veld": "gemeente", "oud": None, "nieuw": "GM0307"},
        {"veld": "titel", "oud": None, "nieuw": "Plan A"},
    ]
    assert rows[1]["changes"] == [{"veld": "titel", "oud": "Plan A", "nieuw": "Plan B"}]
    assert rows[3]["changes"][1] == {"veld": "titel", "oud": None, "nieuw": "Punt 1"}


def test_both_times_are_kept_the_recorded_time_and_the_business_date(sync_runtime: Runtime) -> None:
    _plan_with_point(sync_runtime)
    rows = _project(sync_runtime)
    assert rows[2]["business_date"] == dt.date(2024, 3, 14)
    assert rows[1]["business_date"] is None
    assert all(isinstance(r["recorded_at"], dt.datetime) for r in rows)
    assert rows[0]["recorded_at"] <= rows[-1]["recorded_at"]


def test_a_part_inherits_the_gemeente_and_belongs_to_the_scope_of_its_plan(sync_runtime: Runtime) -> None:
    plan, punt = _plan_with_point(sync_runtime)
    rows = _project(sync_runtime)
    assert {r["gemeente"] for r in rows} == {"GM0307"}
    point_rows = [r for r in rows if r["object_id"] == punt.id]
    assert all(plan.id in r["scope"] and punt.id in r["scope"] for r in point_rows)
    assert all(r["scope"] == [plan.id] for r in rows if r["object_id"] == plan.id)


def test_idempotency_records_are_not_audited(sync_runtime: Runtime) -> None:
    from domain.idempotency import IdempotencyRecord

    record = IdempotencyRecord(owner="a", key="k", operation="x", request_hash="h", aggregate_id=uuid4(), version=1)
    sync_runtime.app.save(record)
    assert _project(sync_runtime) == []

"""PDCA history, computed from the audit rows (each stores its phase, see
``domain/pdca.py``), so it is available as of any position like every view.

A subject is an ontwikkelpunt, a plan (with its ontwikkelpunten), a project,
or a basisfunctie across the regio (every object whose fields carry that
basisfunctie, with its parts). Its classified events in log order form
cycles: a cycle **closes when an Act follows a Check** in it; the next event
opens a new cycle. Measures:

* ``cycli_voltooid``: closed cycles;
* ``laatste_check``: the business date (else the recorded date) of the last
  Check, and the days from then to the reference date (the as-of date, or
  today);
* ``open_acts``: Acts not yet followed by any Do (the adjustment has not yet
  been acted upon).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from projections import temporal
from projections.rows import fetch_all

STEP_COLUMNS = sql.SQL(
    "a.position, a.object_id, a.object_type, a.event_type, a.pdca, a.recorded_at, a.business_date, a.actor_id"
)


@dataclass(frozen=True)
class PdcaStep:
    position: int
    object_id: UUID
    object_type: str
    event_type: str
    pdca: str
    recorded_at: dt.datetime
    business_date: dt.date | None

    actor_id: str = ""

    @property
    def datum(self) -> dt.date:
        return self.business_date or self.recorded_at.date()


@dataclass
class Cycle:
    nummer: int
    steps: list[PdcaStep] = field(default_factory=list)
    checked: bool = False
    closed: bool = False


@dataclass(frozen=True)
class PdcaHistory:
    cycles: list[Cycle]
    cycli_voltooid: int
    laatste_check: dt.date | None
    dagen_sinds_laatste_check: int | None
    open_acts: int


@dataclass(frozen=True)
class Subject:
    """Exactly one of these selects the events."""

    object_id: UUID | None = None
    basisfunctie: int | None = None


def cycles_of(steps: list[PdcaStep]) -> list[Cycle]:
    cycles: list[Cycle] = []
    current = Cycle(nummer=1)
    for step in steps:
        current.steps.append(step)
        if step.pdca == "check":
            current.checked = True
        elif step.pdca == "act" and current.checked:
            current.closed = True
            cycles.append(current)
            current = Cycle(nummer=current.nummer + 1)
    if current.steps:
        cycles.append(current)
    return cycles


def history(steps: list[PdcaStep], reference: dt.date) -> PdcaHistory:
    cycles = cycles_of(steps)
    checks = [s.datum for s in steps if s.pdca == "check"]
    last_check = max(checks) if checks else None
    last_do = max((s.position for s in steps if s.pdca == "do"), default=0)
    return PdcaHistory(
        cycles=cycles,
        cycli_voltooid=sum(1 for c in cycles if c.closed),
        laatste_check=last_check,
        dagen_sinds_laatste_check=(reference - last_check).days if last_check else None,
        open_acts=sum(1 for s in steps if s.pdca == "act" and s.position > last_do),
    )


def subject_sql(subject: Subject) -> tuple[sql.Composable, dict[str, Any]]:
    if subject.object_id is not None:
        return sql.SQL("a.scope @> ARRAY[%(oid)s::uuid]"), {"oid": subject.object_id}
    members = (
        "a.scope && ARRAY(SELECT s.object_id FROM audit_object_state s WHERE s.fields->>'basisfunctie' = %(bf)s::text)"
    )
    return sql.SQL(members), {"bf": subject.basisfunctie}


async def pdca_steps(
    conn: AsyncConnection[Any], subject: Subject, scope: str | None, as_of: int | None
) -> list[PdcaStep]:
    """The classified events of a subject, in log order (``scope``: a gemeente sees its own only)."""
    where, params = subject_sql(subject)
    query = sql.SQL(
        "SELECT {cols} FROM audit_trail a WHERE {vis} AND {where} AND a.pdca IS NOT NULL"
        " AND (%(scope)s::text IS NULL OR a.gemeente = %(scope)s) ORDER BY a.position"
    ).format(cols=STEP_COLUMNS, vis=temporal.visible("a", as_of, "audit_trail"), where=where)
    return await fetch_all(conn, PdcaStep, query, {**params, "scope": scope})

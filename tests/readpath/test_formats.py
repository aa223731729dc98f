"""The compiled statement formats values exactly as strawberry's scalars do:
timestamps as ``datetime.isoformat()`` (also at zero and trailing-zero
microseconds, in the session's time zone), global ids as ``to_global_id``."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import psycopg
from psycopg import sql

from service.graphql.relay import to_global_id
from service.readpath.plan_sql import gid, timestamp
from service.store.database import Database

MOMENTS = (
    "2026-03-01 10:00:00+00",
    "2026-03-01 10:00:00.1+00",
    "2026-03-01 10:00:00.12345+00",
    "2026-03-01 10:00:00.000001+00",
    "2025-10-26 01:30:00.5+00",
)


def test_timestamps_are_formatted_like_python_isoformat_in_every_session_time_zone(database: Database) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        for zone in ("UTC", "Europe/Amsterdam", "America/St_Johns"):
            conn.execute(sql.SQL("SET TimeZone = {}").format(sql.Literal(zone)))
            for moment in MOMENTS:
                query = sql.SQL("SELECT {}, to_jsonb(t.ts) FROM (SELECT %s::timestamptz AS ts) t").format(
                    timestamp("t.ts")
                )
                ours, as_json = conn.execute(query, (moment,)).fetchone()  # type: ignore[misc]
                # The Python path reads the stand through to_jsonb, then fromisoformat → isoformat.
                assert ours == dt.datetime.fromisoformat(json.loads(json.dumps(as_json))).isoformat(), (zone, moment)


def test_global_ids_are_the_same_as_to_global_id(database: Database) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        for _ in range(20):
            local = uuid.uuid4()
            for kind in ("Ontwikkelplan", "Ontwikkelpunt", "RegionaalOntwikkelpunt", "LokaleVoortgang"):
                query = sql.SQL("SELECT {} FROM (SELECT %s::uuid AS id) x").format(gid(kind, "x.id"))
                (ours,) = conn.execute(query, (local,)).fetchone()  # type: ignore[misc]
                assert ours == to_global_id(kind, local)

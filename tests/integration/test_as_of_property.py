"""Property: every temporal view as of position p equals a replay of the events up to p.

For random command sequences (every area in ``command_strategies.AREAS``) and
random positions p: for EVERY temporal table of EVERY registered projection,
the rows visible as of p in the live database (without sys columns) equal the
current rows of a fresh database into which only the events <= p were copied
(with their hash chain) and projected from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from psycopg import sql

from projections import temporal
from projections.registry import all_projections
from projections.runner import Projector
from service.commands.base import Envelope
from service.commands.registry import Commands
from service.config import Settings
from service.store.eventstore import VoortgangApplication, create_application
from tests.conftest import TEMPLATE, _recreate
from tests.integration.command_strategies import PB, Step, apply, commands_envelope, sequences
from tests.integration.command_strategies_more import reset as reset_example_memory

EVENT_COLUMNS = "originator_id, originator_version, topic, state, notification_id, recorded_at, chain_hash"


@dataclass
class Pair:
    live: str
    replay: str
    app: VoortgangApplication
    commands: Commands


@pytest.fixture(scope="module")
def pair(maintenance_url: str, template_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    from service.store.database import with_dbname

    names = [f"t_prop_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        _recreate(maintenance_url, name, TEMPLATE)
    live, replay = (with_dbname(maintenance_url, n) for n in names)
    app = create_application(live, Settings(database_url=live, data_dir=tmp_path_factory.mktemp("prop")))
    yield Pair(live, replay, app, Commands.build(app))
    app.close()
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def view_tables(conn: psycopg.Connection[Any]) -> list[str]:
    """Every temporal table of every registered projection."""
    with conn.cursor() as cur:
        return [t for p in all_projections() for t in p.tables if "sys_from" in temporal.columns(cur, t)]


def empty(url: str) -> None:
    with psycopg.connect(url) as conn:
        tables = [*(t for p in all_projections() for t in p.tables), "voortgang_events", "projection_tracking"]
        conn.execute(sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
        conn.execute("UPDATE event_chain_head SET notification_id = 0, chain_hash = sha256(''::bytea)")


def project(url: str, app: VoortgangApplication) -> None:
    Projector(url=url, mapper=app.mapper, projections=all_projections()).catch_up()


def copy_events_up_to(live: str, replay: str, position: int) -> None:
    with psycopg.connect(live) as src, psycopg.connect(replay) as dst:
        rows = src.execute(
            f"SELECT {EVENT_COLUMNS} FROM voortgang_events WHERE notification_id <= %s ORDER BY 5",
            (position,),
        ).fetchall()
        dst.execute("ALTER TABLE voortgang_events DISABLE TRIGGER voortgang_events_chain")
        with dst.cursor() as cur:
            cur.executemany(f"INSERT INTO voortgang_events ({EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        dst.execute("ALTER TABLE voortgang_events ENABLE TRIGGER voortgang_events_chain")


def rows(url: str, table: str, as_of: int | None) -> list[str]:
    query = sql.SQL("SELECT (to_jsonb(t) - 'sys_from' - 'sys_to')::text FROM {} t WHERE {}").format(
        sql.Identifier(table), temporal.visible("t", as_of)
    )
    with psycopg.connect(url) as conn:
        return sorted(json.dumps(json.loads(r[0]), sort_keys=True) for r in conn.execute(query))


def positions(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [int(r[0]) for r in conn.execute("SELECT notification_id FROM voortgang_events ORDER BY 1")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=sequences(), data=st.data())
def test_every_view_as_of_any_position_equals_a_replay_up_to_it(
    pair: Pair, steps: list[Step], data: st.DataObject
) -> None:
    empty(pair.live)
    reset_example_memory()
    envelopes = data.draw(st.lists(commands_envelope(), min_size=len(steps), max_size=len(steps)), label="envelopes")
    plain = Envelope(principal=PB, request_id="setup")
    accepted = [
        s.label.split("(")[0]
        for s, cmd in zip(steps, envelopes, strict=True)
        if apply(pair.commands, s, cmd if s.random_envelope else plain)
    ]
    for label in accepted:
        event(f"accepted {label}")
    project(pair.live, pair.app)
    present = positions(pair.live)
    chosen = data.draw(st.lists(st.sampled_from([0, *present]), min_size=1, max_size=3, unique=True), label="p")
    with psycopg.connect(pair.live) as conn:
        tables = view_tables(conn)
    assert {"regio_view", "audit_trail"} <= set(tables)
    for p in chosen:
        empty(pair.replay)
        copy_events_up_to(pair.live, pair.replay, p)
        project(pair.replay, pair.app)
        for table in tables:
            assert rows(pair.live, table, p) == rows(pair.replay, table, None), f"{table} as of {p}"


VALID_TABLES = (
    "ontwikkelplan_view",
    "ontwikkelpunt_view",
    "regionaal_punt_view",
    "regionale_voortgang_view",
    # the programme views (migrations 0541-0544)
    "programma_view",
    "project_view",
    "mijlpaal_view",
    "mijlpaal_instantie_view",
    "begroting_view",
    "risico_view",
    # governance and registry views (migration 0545)
    "regio_view",
    "gremium_view",
    "overleg_view",
    "besluit_view",
)
"""The valid-time tables whose rows are one aggregate each (every version of a row comes from its aggregate)."""
RECORDING_ORDER = {"risico_view": ("volgorde",)}
"""Columns that count what was recorded before in other aggregates (a risk's place in the register), so a
replay of only some aggregates' events numbers them differently: left out of the valid-time comparison."""
PROGRAMME_CHILD_TABLES = (
    "programma_fase_view",
    "programma_initiatief_view",
    "project_doel_view",
    "project_lokale_planning_view",
    "project_voortgang_view",
    "mijlpaal_verplaatsing_view",
    "mijlpaal_afhankelijkheid_view",
    "begroting_regel_view",
    "begroting_regel_jaar_view",
    "begroting_bron_view",
    "begroting_realisatie_view",
    "begroting_verantwoording_view",
    "risico_historie_view",
)
"""Valid-time tables with many rows per aggregate (phases, moves, budget lines, history): per key of
``temporal.VALID_TIME``, the version after the key's latest change about D or earlier known at T."""
PEILDATA = st.one_of(st.none(), st.sampled_from([dt.date(2024, 3, 1), dt.date(2025, 1, 1), dt.date(2025, 6, 30)]))


def valid_dates(url: str, app: VoortgangApplication) -> list[tuple[int, uuid.UUID, dt.date]]:
    """(position, aggregate, valid date) of every event, read back through the mapper."""
    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT originator_id, originator_version, topic, state, notification_id, recorded_at"
            " FROM voortgang_events ORDER BY notification_id"
        ).fetchall()
    out = []
    for oid, version, topic, state, position, recorded_at in found:
        e = app.mapper.to_domain_event(StoredEvent(oid, version, topic, bytes(state)))
        out.append((int(position), oid, temporal.valid_on(e, recorded_at)))
    return out


def copy_valid_events(live: str, replay: str, position: int, day: dt.date, dates: list[Any]) -> None:
    """Per aggregate, its events up to ``position`` through the last one valid on ``day``."""
    last: dict[uuid.UUID, int] = {}
    for p, oid, valid in dates:
        if p <= position and valid <= day:
            last[oid] = p
    keep = [p for p, oid, _ in dates if p <= last.get(oid, -1)]
    with psycopg.connect(live) as src, psycopg.connect(replay) as dst:
        found = src.execute(
            f"SELECT {EVENT_COLUMNS} FROM voortgang_events WHERE notification_id = ANY(%s) ORDER BY 5", (keep,)
        ).fetchall()
        dst.execute("ALTER TABLE voortgang_events DISABLE TRIGGER voortgang_events_chain")
        with dst.cursor() as cur:
            cur.executemany(
                f"INSERT INTO voortgang_events ({EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)", found
            )
        dst.execute("ALTER TABLE voortgang_events ENABLE TRIGGER voortgang_events_chain")


def valid_rows(url: str, table: str, as_of: int | None, day: dt.date | None) -> list[str]:
    with temporal.valid_time(day):
        vis = temporal.visible("t", as_of, table)
    drop = sql.SQL("").join(sql.SQL(" - {}").format(sql.Literal(c)) for c in RECORDING_ORDER.get(table, ()))
    query = sql.SQL("SELECT (to_jsonb(t) - 'sys_from' - 'sys_to'{})::text FROM {} t WHERE {}").format(
        drop, sql.Identifier(table), vis
    )
    with psycopg.connect(url) as conn:
        return sorted(json.dumps(json.loads(r[0]), sort_keys=True) for r in conn.execute(query))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=sequences(), data=st.data())
def test_every_valid_time_view_as_of_a_peildatum_and_position_equals_a_replay(
    pair: Pair, steps: list[Step], data: st.DataObject
) -> None:
    """Both times: the plan views as they stood on date D as known at position
    T equal, per aggregate, a replay of its events recorded by T through its
    last change about D or earlier (commands carry random peildata)."""
    empty(pair.live)
    reset_example_memory()
    envelopes = data.draw(st.lists(commands_envelope(), min_size=len(steps), max_size=len(steps)), label="envelopes")
    peildata = data.draw(st.lists(PEILDATA, min_size=len(steps), max_size=len(steps)), label="peildata")
    plain = Envelope(principal=PB, request_id="setup")
    for s, cmd, peil in zip(steps, envelopes, peildata, strict=True):
        apply(pair.commands, s, dataclasses.replace(cmd if s.random_envelope else plain, peildatum=peil))
    project(pair.live, pair.app)
    present = positions(pair.live)
    dates = valid_dates(pair.live, pair.app)
    today = dt.datetime.now(dt.UTC).date()
    day = data.draw(st.sampled_from([dt.date(2024, 6, 1), dt.date(2025, 3, 1), today]), label="D")
    p = data.draw(st.sampled_from([*present, temporal.CURRENT]), label="T")
    empty(pair.replay)
    copy_valid_events(pair.live, pair.replay, p, day, dates)
    project(pair.replay, pair.app)
    for table in VALID_TABLES:
        assert valid_rows(pair.live, table, p, day) == valid_rows(pair.replay, table, None, None), (table, day, p)


def expected_valid_rows(url: str, table: str, day: dt.date, dates: list[Any]) -> list[str]:
    """From the full history of a replay: per key, the latest version whose event is about ``day`` or
    earlier (dates read from the events, not from the view), unless that version was ended without a
    successor (deleted)."""
    valid_on = {p: valid for p, _, valid in dates}
    key, _ = temporal.VALID_TIME[table]
    with psycopg.connect(url) as conn:
        found = conn.execute(sql.SQL("SELECT to_jsonb(t)::text FROM {} t").format(sql.Identifier(table))).fetchall()
    versions: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for (text,) in found:
        row = json.loads(text)
        versions.setdefault(tuple(row[k] for k in key), []).append(row)
    out = []
    for rows_of_key in versions.values():
        dated = [r for r in rows_of_key if valid_on[r["sys_from"]] <= day]
        if not dated:
            continue
        last = max(dated, key=lambda r: r["sys_from"])
        if last["sys_to"] is None or any(r["sys_from"] == last["sys_to"] for r in rows_of_key):
            out.append(json.dumps({k: v for k, v in last.items() if k not in ("sys_from", "sys_to")}, sort_keys=True))
    return sorted(out)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=sequences(), data=st.data())
def test_the_programme_child_views_as_of_a_peildatum_and_position_equal_their_replayed_history(
    pair: Pair, steps: list[Step], data: st.DataObject
) -> None:
    """Both times for the programme tables with many rows per aggregate: as they stood on D as known
    at T equals, per key, the replayed history up to T read by the events' own dates."""
    empty(pair.live)
    reset_example_memory()
    envelopes = data.draw(st.lists(commands_envelope(), min_size=len(steps), max_size=len(steps)), label="envelopes")
    peildata = data.draw(st.lists(PEILDATA, min_size=len(steps), max_size=len(steps)), label="peildata")
    plain = Envelope(principal=PB, request_id="setup")
    for s, cmd, peil in zip(steps, envelopes, peildata, strict=True):
        apply(pair.commands, s, dataclasses.replace(cmd if s.random_envelope else plain, peildatum=peil))
    project(pair.live, pair.app)
    dates = valid_dates(pair.live, pair.app)
    today = dt.datetime.now(dt.UTC).date()
    day = data.draw(st.sampled_from([dt.date(2024, 6, 1), dt.date(2025, 3, 1), today]), label="D")
    p = data.draw(st.sampled_from([*positions(pair.live), temporal.CURRENT]), label="T")
    empty(pair.replay)
    copy_events_up_to(pair.live, pair.replay, p)
    project(pair.replay, pair.app)
    for table in PROGRAMME_CHILD_TABLES:
        assert valid_rows(pair.live, table, p, day) == expected_valid_rows(pair.replay, table, day, dates), (
            table,
            day,
            p,
        )
    # a log of recordings: its entries about D or earlier, recorded by T (docs/history-and-audit.md)
    replayed = [r for r in valid_rows(pair.replay, "audit_trail", None, None) if json.loads(r)["geldig_op"] <= str(day)]
    assert valid_rows(pair.live, "audit_trail", p, day) == replayed, ("audit_trail", day, p)

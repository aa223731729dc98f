"""Tamper evidence: the hash chain over the stored events and ``voortgang audit verify``."""

from __future__ import annotations

import logging

import psycopg
import pytest

from domain.principal import Principal
from service import cli
from service.commands.base import Envelope
from service.commands.regio import RegistreerGemeente, RegistreerRegio
from service.runtime import Runtime
from service.store.database import Database
from service.tamper.chain import verify_chain
from tests.conftest import TEST_AUDIT_KEY

PB = Principal(actor_id="pb-1", name="PB", roles=frozenset({"programmabureau"}))


def _write_events(runtime: Runtime, count: int = 5) -> None:
    cmd = Envelope(principal=PB, request_id="r-1")
    runtime.commands.run(cmd, RegistreerRegio(code="r", naam="Regio R"))
    for i in range(count - 1):
        runtime.commands.run(cmd, RegistreerGemeente(regio="r", code=f"GM{i:04d}", naam=f"Gemeente {i}"))


def _ids(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [int(r[0]) for r in conn.execute("SELECT notification_id FROM voortgang_events ORDER BY 1")]


def _tamper(url: str, statement: str, *params: object) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(statement, params)


def _verify_cli(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VOORTGANG_AUDIT_KEY", TEST_AUDIT_KEY)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        code = cli.main(["audit", "verify", "--quiet", "--batch-size", "2"])
    finally:  # the CLI points logging at the captured stderr; put it back
        root.handlers[:], root.level = handlers, level
    out = capsys.readouterr()
    return code, out.out + out.err


def test_an_untouched_store_verifies_and_prints_the_head_hash(
    sync_runtime: Runtime, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_events(sync_runtime)
    code, output = _verify_cli(database.url, monkeypatch, capsys)
    assert code == 0
    assert "chain intact: 5 events" in output
    assert verify_chain(database.url, batch_size=2).checked == 5


def test_an_empty_store_verifies(database: Database) -> None:
    report = verify_chain(database.url)
    assert report.ok
    assert report.checked == 0


def test_editing_one_byte_of_a_stored_events_state_is_detected_and_named(
    sync_runtime: Runtime, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_events(sync_runtime)
    victim = _ids(database.url)[2]
    _tamper(
        database.url,
        "UPDATE voortgang_events SET state = set_byte(state, 10, get_byte(state, 10) # 1) WHERE notification_id = %s",
        victim,
    )
    code, output = _verify_cli(database.url, monkeypatch, capsys)
    assert code == 1
    assert f"BROKEN at notification id {victim}" in output


def test_deleting_a_stored_event_is_detected_at_the_record_after_it(
    sync_runtime: Runtime, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_events(sync_runtime)
    ids = _ids(database.url)
    _tamper(database.url, "DELETE FROM voortgang_events WHERE notification_id = %s", ids[1])
    code, output = _verify_cli(database.url, monkeypatch, capsys)
    assert code == 1
    assert f"BROKEN at notification id {ids[2]}" in output


def test_deleting_the_last_stored_event_is_detected_by_the_chain_head(
    sync_runtime: Runtime, database: Database
) -> None:
    _write_events(sync_runtime)
    last = _ids(database.url)[-1]
    _tamper(database.url, "DELETE FROM voortgang_events WHERE notification_id = %s", last)
    report = verify_chain(database.url)
    assert not report.ok
    assert report.broken_id == last


def test_swapping_the_state_of_two_events_is_detected_at_the_first_of_them(
    sync_runtime: Runtime, database: Database
) -> None:
    _write_events(sync_runtime)
    ids = _ids(database.url)
    a, b = ids[1], ids[3]
    _tamper(
        database.url,
        "UPDATE voortgang_events e SET state = o.state FROM voortgang_events o"
        " WHERE (e.notification_id, o.notification_id) IN ((%s, %s), (%s, %s))",
        a,
        b,
        b,
        a,
    )
    report = verify_chain(database.url, batch_size=2)
    assert report.broken_id == a
    assert report.reason is not None and str(a) in report.reason


def test_swapping_the_notification_ids_of_two_events_is_detected(sync_runtime: Runtime, database: Database) -> None:
    _write_events(sync_runtime)
    ids = _ids(database.url)
    a, b = ids[2], ids[3]
    with psycopg.connect(database.url) as conn:
        conn.execute("UPDATE voortgang_events SET notification_id = -1 WHERE notification_id = %s", (a,))
        conn.execute("UPDATE voortgang_events SET notification_id = %s WHERE notification_id = %s", (a, b))
        conn.execute("UPDATE voortgang_events SET notification_id = %s WHERE notification_id = -1", (b,))
    report = verify_chain(database.url)
    assert report.broken_id == a

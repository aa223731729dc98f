"""Keyed tamper evidence (issue 12): every way of rewriting history in SQL,
also with the unkeyed hash chain recomputed to cover the tracks, is found by
``voortgang audit verify``; a roll-back is found against an exported head."""

from __future__ import annotations

import logging
from pathlib import Path

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
KEY = TEST_AUDIT_KEY.encode()

RECOMPUTE_CHAIN = """
DO $$
DECLARE r record; prev bytea := sha256(''::bytea);
BEGIN
  FOR r IN SELECT * FROM voortgang_events ORDER BY notification_id LOOP
    prev := sha256(prev || event_chain_content(r.notification_id, r.originator_id, r.originator_version,
                                               r.topic, r.state, r.recorded_at));
    UPDATE voortgang_events SET chain_hash = prev WHERE notification_id = r.notification_id;
  END LOOP;
  UPDATE event_chain_head SET chain_hash = prev,
         notification_id = coalesce((SELECT max(notification_id) FROM voortgang_events), 0);
END $$
"""
FORGE = (
    "INSERT INTO voortgang_events (originator_id, originator_version, topic, state)"
    " SELECT gen_random_uuid(), originator_version, topic,"
    " convert_to(replace(convert_from(state, 'UTF8'), 'Gemeente 2', 'FORGED'), 'UTF8')"
    " FROM voortgang_events WHERE convert_from(state, 'UTF8') LIKE '%Gemeente 2%'"
)


def write(runtime: Runtime, start: int = 0, count: int = 5) -> None:
    cmd = Envelope(principal=PB, request_id="r-1")
    if start == 0:
        runtime.commands.run(cmd, RegistreerRegio(code="r", naam="Regio R"))
    for i in range(start, start + count - (1 if start == 0 else 0)):
        runtime.commands.run(cmd, RegistreerGemeente(regio="r", code=f"GM{i:04d}", naam=f"Gemeente {i}"))


def ids(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [int(r[0]) for r in conn.execute("SELECT notification_id FROM voortgang_events ORDER BY 1")]


def sql(url: str, *statements: str) -> None:
    with psycopg.connect(url) as conn:
        for statement in statements:
            conn.execute(statement)


def audit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VOORTGANG_AUDIT_KEY", TEST_AUDIT_KEY)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        code = cli.main(["audit", *args, "--quiet", "--batch-size", "2"])
    finally:  # the CLI points logging at the captured stderr; put it back
        root.handlers[:], root.level = handlers, level
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def store(sync_runtime: Runtime, database: Database) -> str:
    write(sync_runtime)
    assert verify_chain(database.url, key=KEY).ok
    return database.url


def test_every_save_stores_one_signed_checkpoint_and_the_store_verifies(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = audit(monkeypatch, capsys, store, "verify")
    assert code == 0, err
    assert "chain intact: 5 events, 5 signed checkpoints" in out


def test_a_direct_sql_insert_gets_a_valid_unkeyed_link_but_is_named_by_verify(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sql(store, FORGE)
    forged = ids(store)[-1]
    assert verify_chain(store).ok, "the unkeyed chain alone accepts the forged row (the hole of issue 12)"
    code, _, err = audit(monkeypatch, capsys, store, "verify")
    assert code == 1
    assert f"BROKEN at notification id {forged}" in err and "buiten de service" in err


def test_a_direct_insert_followed_by_a_service_write_is_not_laundered_into_a_checkpoint(
    store: str, sync_runtime: Runtime
) -> None:
    sql(store, FORGE)
    forged = ids(store)[-1]
    write(sync_runtime, start=10, count=2)
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, forged)


def test_a_direct_insert_with_a_chosen_id_between_two_writes_is_named(store: str) -> None:
    chosen = FORGE.replace("(originator_id,", "(notification_id, originator_id,")
    sql(store, chosen.replace("SELECT gen_random_uuid()", "SELECT -7, gen_random_uuid()"), RECOMPUTE_CHAIN)
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, -7)


def test_an_update_with_the_chain_recomputed_is_detected_at_its_checkpoint(store: str) -> None:
    victim = ids(store)[2]
    sql(
        store,
        "UPDATE voortgang_events SET state = convert_to(replace(convert_from(state, 'UTF8'), 'Gemeente', 'FORGED'),"
        f" 'UTF8') WHERE notification_id = {victim}",
        RECOMPUTE_CHAIN,
    )
    assert verify_chain(store).ok, "the recomputed unkeyed chain hides the edit"
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, victim)
    assert report.reason is not None and "herberekend" in report.reason


def test_a_delete_with_the_chain_recomputed_is_detected(store: str) -> None:
    victim = ids(store)[1]
    sql(store, f"DELETE FROM voortgang_events WHERE notification_id = {victim}", RECOMPUTE_CHAIN)
    assert verify_chain(store).ok
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, victim)


def test_a_delete_of_a_record_and_its_checkpoint_with_the_chain_recomputed_is_detected(store: str) -> None:
    victim = ids(store)[1]
    sql(
        store,
        f"DELETE FROM voortgang_events WHERE notification_id = {victim}",
        f"DELETE FROM event_chain_checkpoint WHERE last_id = {victim}",
        RECOMPUTE_CHAIN,
    )
    assert verify_chain(store).ok
    report = verify_chain(store, key=KEY)
    assert not report.ok and report.reason is not None and "verwijderd" in report.reason


def test_swapping_two_records_with_the_chain_recomputed_is_detected(store: str) -> None:
    a, b = ids(store)[1], ids(store)[3]
    sql(
        store,
        f"UPDATE voortgang_events SET notification_id = -1 WHERE notification_id = {a}",
        f"UPDATE voortgang_events SET notification_id = {a} WHERE notification_id = {b}",
        f"UPDATE voortgang_events SET notification_id = {b} WHERE notification_id = -1",
        RECOMPUTE_CHAIN,
    )
    assert verify_chain(store).ok
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, a)


def test_checkpoints_signed_with_another_key_are_refused(store: str) -> None:
    report = verify_chain(store, key=b"not-the-audit-key")
    assert not report.ok and report.reason is not None and "handtekening" in report.reason


def test_deleting_every_checkpoint_leaves_every_record_unsigned(store: str) -> None:
    sql(store, "DELETE FROM event_chain_checkpoint")
    report = verify_chain(store, key=KEY)
    assert (report.ok, report.broken_id) == (False, ids(store)[0])


def test_a_head_roll_back_passes_alone_but_is_detected_against_an_exported_head(
    store: str,
    sync_runtime: Runtime,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, exported, err = audit(monkeypatch, capsys, store, "head")
    assert code == 0, err
    head = tmp_path / "head.json"
    head.write_text(exported)
    write(sync_runtime, start=20, count=2)
    code, out, err = audit(monkeypatch, capsys, store, "verify", "--against", str(head))
    assert code == 0 and "matches the head exported" in out, err
    kept = ids(store)[3]
    sql(
        store,
        f"DELETE FROM voortgang_events WHERE notification_id > {kept}",
        f"DELETE FROM event_chain_checkpoint WHERE last_id > {kept}",
        RECOMPUTE_CHAIN,
    )
    assert audit(monkeypatch, capsys, store, "verify")[0] == 0, "a clean roll-back is invisible without the head"
    code, _, err = audit(monkeypatch, capsys, store, "verify", "--against", str(head))
    assert code == 1 and "teruggedraaid" in err


def test_an_edited_exported_head_is_refused(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, exported, _ = audit(monkeypatch, capsys, store, "head")
    head = tmp_path / "head.json"
    head.write_text(exported.replace(f'"lastId": {ids(store)[-1]}', f'"lastId": {ids(store)[-2]}'))
    code, _, err = audit(monkeypatch, capsys, store, "verify", "--against", str(head))
    assert code == 1 and "handtekening van de geëxporteerde kop" in err
    head.write_text("{}")
    assert audit(monkeypatch, capsys, store, "verify", "--against", str(head))[0] == 2


def test_a_store_written_before_it_was_keyed_is_adopted_by_its_first_checkpoint_and_says_so(
    sync_runtime: Runtime, database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = sync_runtime.app.recorder
    key, recorder.audit_key = recorder.audit_key, None  # type: ignore[attr-defined]
    write(sync_runtime)
    assert not verify_chain(database.url, key=KEY).ok, "unsigned writes are not accepted"
    recorder.audit_key = key  # type: ignore[attr-defined]
    write(sync_runtime, start=30, count=2)
    code, _, err = audit(monkeypatch, capsys, database.url, "verify")
    assert code == 0, err
    assert "WARNING: 5 events from before the store was keyed" in err

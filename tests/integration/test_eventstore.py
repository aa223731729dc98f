"""The event store's deliberate configuration: large saves complete (they hang
in psycopg's pipeline mode), and a stuck database call becomes an error."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg
import pytest
from eventsourcing.domain import event
from eventsourcing.persistence import OperationalError

from domain.base import VoortgangAggregate
from domain.regio import Regio
from service.config import Settings
from service.runtime import Runtime
from service.store.database import Database
from service.store.eventstore import VoortgangApplication, create_application, library_env

SAVE_TIMEOUT_S = 60


class Notebook(VoortgangAggregate):
    """A test-only aggregate whose events carry a payload of chosen size."""

    class Opened(VoortgangAggregate.Created):
        title: str

    class Noted(VoortgangAggregate.Event):
        text: str

    @event(Opened)
    def __init__(self, title: str) -> None:
        self.title = title

    @event(Noted)
    def note(self, text: str) -> None:
        self.last = text


def within(seconds: float, fn: Callable[[], object]) -> None:
    """Run ``fn`` in a thread; a hang fails the test instead of the run."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failure.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"did not complete within {seconds}s: the save hangs"
    if failure:
        raise failure[0]


def test_saves_go_through_the_database_function_not_the_pipeline(settings: Settings, database: Database) -> None:
    env = library_env(database.url, settings)
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "y"
    assert env["CREATE_TABLE"] == "no"
    app = create_application(database.url, settings)
    try:
        assert app.recorder.datastore.enable_db_functions  # type: ignore[attr-defined]
    finally:
        app.close()


def test_one_save_of_3000_small_events_completes(sync_runtime: Runtime) -> None:
    app = sync_runtime.app
    regio = Regio.registreer("groot", "Regio met veel gemeenten")
    for n in range(2999):
        regio.registreer_gemeente(f"GM{n:04d}", f"Gemeente {n}")
    within(SAVE_TIMEOUT_S, lambda: app.save(regio))
    assert app.recorder.max_notification_id() == 3000
    assert len(app.repository.get(regio.id).gemeenten) == 2999


def test_one_save_of_500_events_of_a_kilobyte_completes(sync_runtime: Runtime) -> None:
    app: VoortgangApplication = sync_runtime.app
    book = Notebook(title="groot")
    for n in range(499):
        book.note(text=f"{n:04d}" + "x" * 1020)
    within(SAVE_TIMEOUT_S, lambda: app.save(book))
    assert app.recorder.max_notification_id() == 500


def test_a_query_that_runs_too_long_becomes_an_error(settings: Settings, database: Database) -> None:
    quick = settings.model_copy(update={"db_statement_timeout_ms": 300})
    app = create_application(database.url, quick)
    try:
        started = time.monotonic()
        with (
            pytest.raises(OperationalError, match="statement timeout"),
            app.recorder.datastore.get_connection() as conn,  # type: ignore[attr-defined]
        ):
            conn.execute("SELECT pg_sleep(30)")
        assert time.monotonic() - started < 10
    finally:
        app.close()


async def test_a_read_that_runs_too_long_becomes_an_error(settings: Settings, database: Database) -> None:
    quick = settings.model_copy(update={"db_statement_timeout_ms": 300})
    runtime = Runtime.build(quick, database)
    await runtime.open()
    try:
        async with runtime.pool.connection() as conn:
            with pytest.raises(psycopg.errors.QueryCanceled):
                await conn.execute("SELECT pg_sleep(30)")
    finally:
        await runtime.close()


def test_a_save_blocked_by_a_table_lock_fails_instead_of_waiting_forever(
    settings: Settings, database: Database
) -> None:
    # A save is tried once (VoortgangRecorder): it fails after one statement
    # timeout of 300 ms, not after ten.
    app = create_application(database.url, settings.model_copy(update={"db_statement_timeout_ms": 300}))
    try:
        with psycopg.connect(database.url) as blocker:
            blocker.execute("LOCK TABLE voortgang_events IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            with pytest.raises(OperationalError, match="timeout"):
                within(SAVE_TIMEOUT_S, lambda: app.save(Regio.registreer("r", "R")))
            assert time.monotonic() - started < 3
        assert app.recorder.max_notification_id() is None
    finally:
        app.close()

"""The aggregate cache with fast-forward (``service.store.eventstore.cache_env``):
several API processes, each with its own cache, writing the same aggregate
never lose or overwrite a write (the expected-version conflict is still
detected), and a point with a long history loads to the same state from the
cache as from a full replay."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from domain.base import CommandMeta, command_context
from domain.catalogue import template
from domain.ontwikkelplan import plan_id
from domain.ontwikkelpunt import Kolommen, Ontwikkelpunt
from domain.plan_values import Planning, Stand
from service.commands.base import Conflict, Executor
from service.config import Settings
from service.store.eventstore import VoortgangApplication, create_application

TODAY = dt.date(2026, 5, 1)
META = CommandMeta(actor_id="test-cache", request_id="test")


def new_point() -> Ontwikkelpunt:
    kolommen = Kolommen(
        beoogd_resultaat="Professionals werken volgens de afspraak.",
        uitvoerder="Lokaal team",
        planning=Planning(gereed=dt.date(2026, 12, 1), precisie="maand", start=dt.date(2026, 1, 1)),
    )
    thema = template().tabellen[0]
    with command_context(META):
        return Ontwikkelpunt.voeg_toe(
            id=uuid.uuid4(),
            plan_id=plan_id("gm0363", "2025-2027"),
            gemeente="gm0363",
            periode="2025-2027",
            template_versie=template().versie,
            basisfunctie=thema.basisfunctie,
            thema=thema.code,
            doel="De toegang verbeteren.",
            zelfscan_link=None,
            kolommen=kolommen,
            vandaag=TODAY,
        )


def stand(punt: Ontwikkelpunt, text: str) -> None:
    with command_context(META):
        punt.werk_stand_bij(Stand(dt.date(2026, 4, 1), text, "op_koers"), TODAY)


def with_cache(settings: Settings, size: int) -> VoortgangApplication:
    return create_application(str(settings.database_url), settings.model_copy(update={"aggregate_cache_size": size}))


@pytest.fixture
def processes(settings: Settings) -> Iterator[tuple[VoortgangApplication, VoortgangApplication]]:
    """Two applications with their own caches: two API processes on one database."""
    a, b = with_cache(settings, 100), with_cache(settings, 100)
    yield a, b
    a.close()
    b.close()


def state(punt: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(punt).items() if k != "_pending_events"}


def test_the_cache_is_on_and_fast_forwards(settings: Settings) -> None:
    app = create_application(str(settings.database_url), settings)
    try:
        assert app.repository.cache is not None
        assert app.repository.fastforward and not app.repository.fastforward_skipping
        assert app.repository.deepcopy_from_cache
    finally:
        app.close()
    off = with_cache(settings, 0)
    try:
        assert off.repository.cache is None
    finally:
        off.close()


def test_alternating_processes_see_each_others_writes(
    processes: tuple[VoortgangApplication, VoortgangApplication],
) -> None:
    a, b = processes
    punt = new_point()
    a.save(punt)
    start = punt.version
    for i in range(10):
        for app, name in ((a, "a"), (b, "b")):
            copy: Ontwikkelpunt = app.repository.get(punt.id)  # cached after the first round: fast-forwarded
            assert copy.standen == 2 * i + (name == "b")
            stand(copy, f"{name} {i}")
            app.save(copy)
    assert a.repository.cache is not None and punt.id in a.repository.cache.cache
    for app in (a, b):
        latest: Ontwikkelpunt = app.repository.get(punt.id)
        assert latest.version == start + 20
        assert latest.standen == 20
    texts = [getattr(e, "tekst", None) for e in a.events.get(punt.id)]
    assert sorted(t for t in texts if t is not None) == sorted(f"{n} {i}" for n in "ab" for i in range(10))


def test_a_stale_copy_still_conflicts(processes: tuple[VoortgangApplication, VoortgangApplication]) -> None:
    a, b = processes
    punt = new_point()
    a.save(punt)
    first_a: Ontwikkelpunt = a.repository.get(punt.id)
    first_b: Ontwikkelpunt = b.repository.get(punt.id)
    stand(first_a, "a wins")
    a.save(first_a)
    stand(first_b, "b loses")
    with pytest.raises(IntegrityError):
        b.save(first_b)  # same version: the primary key refuses the second writer
    # b's cache was not changed by its failed command: it fast-forwards to a's write
    again: Ontwikkelpunt = b.repository.get(punt.id)
    assert again.version == first_a.version
    assert again.standen == first_a.standen
    # and the expected-version check of every command sees the stored version
    executor = Executor(b)
    with pytest.raises(Conflict) as raised:
        executor.expect_version(executor.load(Ontwikkelpunt, punt.id, "ontwikkelpunt"), punt.version, "punt")
    assert raised.value.current_version == first_a.version


def test_concurrent_writers_in_two_processes_lose_nothing(
    processes: tuple[VoortgangApplication, VoortgangApplication],
) -> None:
    a, b = processes
    punt = new_point()
    a.save(punt)
    start = punt.version
    per_thread, conflicts, errors = 8, [0], []

    def writer(app: VoortgangApplication, name: str) -> None:
        done = 0
        while done < per_thread:
            copy: Ontwikkelpunt = app.repository.get(punt.id)
            stand(copy, f"{name} {done}")
            try:
                app.save(copy)
            except IntegrityError:
                conflicts[0] += 1
                continue
            except Exception as exc:  # noqa: BLE001 (surfaces in the assertion below)
                errors.append(exc)
                return
            done += 1

    pairs = [(app, f"{n}{t}") for n, app in (("a", a), ("b", b)) for t in (1, 2)]
    threads = [threading.Thread(target=writer, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    replayed: Ontwikkelpunt = a.repository.get(punt.id, version=start + 4 * per_thread)  # version= bypasses the cache
    assert replayed.version == start + 4 * per_thread
    assert replayed.standen == 4 * per_thread
    for app in (a, b):
        assert state(app.repository.get(punt.id)) == state(replayed)


def test_a_long_history_loads_to_the_same_state_from_the_cache(settings: Settings) -> None:
    writer = with_cache(settings, 0)
    cached = with_cache(settings, 10)
    plain = with_cache(settings, 0)
    try:
        punt = new_point()
        writer.save(punt)
        for chunk in range(10):
            copy: Ontwikkelpunt = writer.repository.get(punt.id)
            for i in range(100):
                stand(copy, f"stand {chunk}.{i}")
            writer.save(copy)
        first: Ontwikkelpunt = cached.repository.get(punt.id)  # the replay fills the cache
        assert first.version >= 1000
        with command_context(META):
            first.leg_uitvoerder_vast("Nieuw team")
        cached.save(first)
        more: Ontwikkelpunt = writer.repository.get(punt.id)  # and another process writes after that
        stand(more, "van een ander proces")
        writer.save(more)
        from_cache: Ontwikkelpunt = cached.repository.get(punt.id)
        from_replay: Ontwikkelpunt = plain.repository.get(punt.id)
        assert state(from_cache) == state(from_replay)
        assert from_cache.version == more.version and from_cache.standen == 1001
        older: Ontwikkelpunt = cached.repository.get(punt.id, version=500)
        assert state(older) == state(plain.repository.get(punt.id, version=500))
    finally:
        for app in (writer, cached, plain):
            app.close()

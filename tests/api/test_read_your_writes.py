"""Read-your-writes by notification: a mutation waits, through the projector's
NOTIFY, only for the views its answer reads; when they do not catch up in time
it says the change is saved and not yet visible (never NOT_FOUND, never the
old row as the new version)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import psycopg
import pytest

from projections.runner import LOCK_NAMESPACE, lock_key
from service.app import create_app
from service.config import Settings
from service.graphql.relay import object_uuid
from service.readyourwrites.listener import ViewsListener
from service.runtime import Runtime
from service.store.database import Database
from tests.api.graphql import gql
from tests.api.test_plans_api import POINT_FIELDS, RESULT, setup
from tests.conftest import TokenFactory

NOT_VISIBLE = "... on SavedNotYetVisible { code message id version position views }"
ADD = f"""mutation($input: VoegOntwikkelpuntToeInput!) {{ voegOntwikkelpuntToe(input: $input) {{ {RESULT} {NOT_VISIBLE}
  ... on OntwikkelpuntPayload {{ version position ontwikkelpunt {{ {POINT_FIELDS} }} }} }} }}"""
UITVOERDER = f"""mutation($input: LegUitvoerderVastInput!) {{ legUitvoerderVast(input: $input) {{ {RESULT} {NOT_VISIBLE}
  ... on OntwikkelpuntPayload {{ version position ontwikkelpunt {{ uitvoerder version }} }} }} }}"""
POINT = "query($id: ID!, $p: Int) { node(id: $id, minPosition: $p) { ... on Ontwikkelpunt { uitvoerder version } } }"
NEW_POINT = {
    "gemeente": "GM0307",
    "basisfunctie": 5,
    "thema": "BF5-2",
    "doel": "Wij voeren een caseloadnorm in.",
    "zelfscanLink": "Zelfscan BF5 thema 2",
    "beoogdResultaat": "Norm vastgesteld",
    "indicatoren": [],
    "planning": {"gereed": "2026-06-30", "precisie": "DAG"},
}


@pytest.fixture
async def stopped(settings: Settings, database: Database) -> AsyncIterator[tuple[Runtime, httpx.AsyncClient]]:
    """A service whose projector does not run (views stay where they are)."""
    quick = settings.model_copy(update={"read_your_writes_timeout_s": 0.3})
    runtime = Runtime.build(quick, database)
    await runtime.open()
    app = create_app(quick, runtime)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield runtime, client
    await runtime.close()


async def test_with_the_projector_stopped_a_create_answers_saved_not_yet_visible_with_its_position(
    stopped: tuple[Runtime, httpx.AsyncClient], token: TokenFactory
) -> None:
    runtime, client = stopped
    await asyncio.to_thread(setup, runtime)
    await asyncio.to_thread(runtime.projector().catch_up)
    answer = (await gql(client, token("gemeente", "GM0307"), ADD, {"input": NEW_POINT}))["voegOntwikkelpuntToe"]
    assert answer["__typename"] == "SavedNotYetVisible", answer
    assert (answer["code"], answer["views"]) == ("SAVED_NOT_YET_VISIBLE", ["plans"])
    assert answer["position"] == await runtime.log_head()
    assert "opgeslagen" in answer["message"]
    punt: Any = runtime.app.repository.get(object_uuid(answer["id"], "id", "Ontwikkelpunt"))
    assert answer["version"] == punt.version
    await asyncio.to_thread(runtime.projector().catch_up)
    shown = await gql(client, token("gemeente", "GM0307"), POINT, {"id": answer["id"], "p": answer["position"]})
    assert shown["node"]["version"] == punt.version


async def test_with_the_projector_stopped_an_update_never_presents_the_old_row_as_the_new_version(
    stopped: tuple[Runtime, httpx.AsyncClient], token: TokenFactory
) -> None:
    runtime, client = stopped
    s = await asyncio.to_thread(setup, runtime)
    await asyncio.to_thread(runtime.projector().catch_up)
    gm = token("gemeente", "GM0307")
    change = {"ontwikkelpunt": s["punt"], "expectedVersion": s["version"], "uitvoerder": "Teamleider"}
    answer = (await gql(client, gm, UITVOERDER, {"input": change}))["legUitvoerderVast"]
    assert answer["__typename"] == "SavedNotYetVisible", answer
    assert answer["version"] == s["version"] + 1
    await asyncio.to_thread(runtime.projector().catch_up)
    shown = (await gql(client, gm, POINT, {"id": s["punt"], "p": answer["position"]}))["node"]
    assert shown == {"uitvoerder": "Teamleider", "version": s["version"] + 1}


async def test_a_mutation_waits_only_for_the_views_its_answer_reads(
    runtime: Runtime, client: httpx.AsyncClient, token: TokenFactory, database: Database
) -> None:
    s = await asyncio.to_thread(setup, runtime)
    assert await runtime.wait_for_views(s["position"])
    runtime._stop.set()  # restart the projector without the risks view
    assert runtime._projector_thread is not None
    await asyncio.to_thread(runtime._projector_thread.join, 10)
    runtime._stop.clear()
    with psycopg.connect(database.url, autocommit=True) as holder:  # another runner "owns" the risks view
        holder.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, lock_key("risks")))
        runtime.start_projector()
        gm = token("gemeente", "GM0307")
        change = {"ontwikkelpunt": s["punt"], "expectedVersion": s["version"], "uitvoerder": "Teamleider"}
        started = time.monotonic()
        answer = (await gql(client, gm, UITVOERDER, {"input": change}))["legUitvoerderVast"]
        assert answer["__typename"] == "OntwikkelpuntPayload", answer
        assert answer["ontwikkelpunt"] == {"uitvoerder": "Teamleider", "version": s["version"] + 1}
        assert time.monotonic() - started < 5
        assert await runtime.views_behind(answer["position"], timeout_s=0.2) == ["risks"]


async def test_one_notification_wakes_every_waiter_it_satisfies_and_no_other(database: Database) -> None:
    listener = ViewsListener(database.url)
    listener.start()
    try:
        low = asyncio.create_task(listener.wait(["plans"], 5, 5.0))
        high = asyncio.create_task(listener.wait(["plans"], 9, 0.5))
        both = asyncio.create_task(listener.wait(["plans", "audit"], 5, 0.5))
        await asyncio.wait_for(listener.connected.wait(), 5)
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute("""SELECT pg_notify('voortgang_views', '{"projection": "plans", "position": 7}')""")
        assert await asyncio.wait_for(low, 2) == []
        assert await high == ["plans"]
        assert await both == ["audit"]
    finally:
        await listener.stop()

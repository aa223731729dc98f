"""The big read queries cost a constant number of SQL statements (issue 7,
"Done when"): the full plan with every point's mijlpalen and besluiten for 20
and for 200 ontwikkelpunten, a page of 20 and of 200 rows of the
mijlpalenplanning, and a page of 3 and of 30 besluiten of the besluitenlijst.

Statements are counted by wrapping the async cursors the API reads with: only
those executed while a request of this test runs (a context variable, so the
projector thread and other tasks are not counted)."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from domain.base import CommandMeta, command_context
from domain.besluit import besluit_id
from domain.mijlpaal import Mijlpaal
from domain.ontwikkelplan import plan_id
from domain.ontwikkelpunt import Deelstap, Kolommen, Ontwikkelpunt
from domain.plan_values import Planning
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.governance.besluit import StelBesluitVoor
from service.commands.plans.ontwikkelplan import MaakOntwikkelplan
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.runtime import Runtime
from tests.api.graphql import gql
from tests.conftest import TokenFactory

SMALL, LARGE = "GM0307", "GM0308"
BOSD_BESLUIT = str(besluit_id("amersfoort", "AMF-BOSD-2025-03"))
PB = Principal("pb-test", "PB", frozenset({"programmabureau"}))
STATEMENTS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("statements", default=None)

PLAN = """query($g: String!) { ontwikkelplan(gemeente: $g) { id ontwikkelpunten { id doel
  deelstappen { id } mijlpalen { titel status } besluiten { besluitId kenmerk relatie } }
  regionaleOntwikkelpunten { id voortgang { gemeente } } } }"""
PLANNING = "query($n: Int!) { mijlpalenplanning(first: $n) { edges { node { titel status redenen } } } }"
LIJST = """query($n: Int!) { besluitenlijst(regio: "amersfoort", first: $n) { totalCount
  nodes { kenmerk beslispunten { nummer } adviezen { adviseur } koppelingen { soort } effecten { objectId } } } }"""


@pytest.fixture
def counting() -> Iterator[None]:
    original = psycopg.AsyncCursor.execute

    async def execute(self: psycopg.AsyncCursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        seen = STATEMENTS.get()
        if seen is not None:
            seen.append(str(query))
        return await original(self, query, *args, **kwargs)

    psycopg.AsyncCursor.execute = execute  # type: ignore[method-assign]
    yield
    psycopg.AsyncCursor.execute = original  # type: ignore[method-assign]


def transaction_control(statement: str) -> bool:
    """The start (role and principal settings) and end of a read transaction
    (service/visibility/session.py): bookkeeping, one pair per ``ctx.db()``."""
    return statement.startswith("BEGIN READ ONLY;") or statement in ("COMMIT", "ROLLBACK")


async def count(client: httpx.AsyncClient, tok: str, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    """The data statements of one request; the read transactions around them
    must be bounded too (at most one per data statement)."""
    seen: list[str] = []
    reset = STATEMENTS.set(seen)
    try:
        data = await gql(client, tok, query, variables)
    finally:
        STATEMENTS.reset(reset)
    seen = without_rate_limit(seen)
    statements = [s for s in seen if not transaction_control(s)]
    assert len(seen) - len(statements) <= 2 * len(statements)
    return len(statements), data


def without_rate_limit(seen: list[str]) -> list[str]:
    """The shared rate limit (service/edge/ratelimit.py) costs at most one
    statement per request (a lease, usually none), and the check of the
    connection it is taken on: bookkeeping of the request, not of the query,
    so not counted."""
    takes = [i for i, s in enumerate(seen) if s.startswith("SELECT * FROM rate_limit_lease(")]
    assert len(takes) <= 1, takes
    drop = {i for t in takes for i in (t, t - 1) if i >= 0 and (i == t or seen[i] == "")}
    return [s for i, s in enumerate(seen) if i not in drop]


def points(runtime: Runtime, gemeente: str, n: int) -> list[Any]:
    """``n`` points in ``gemeente``'s plan, each added on the BOSD besluit's authority, and one milestone each."""
    official = Principal(f"official-{gemeente}", "B", frozenset({"gemeente"}), gemeente=gemeente)
    runtime.commands.run(
        Envelope(principal=official),
        MaakOntwikkelplan(regio="amersfoort", gemeente=gemeente, periode="2025-2027", template_versie="2025-02-19"),
    )
    kolommen = Kolommen(deelstappen=[Deelstap("Eerste stap")], planning=Planning(dt.date(2027, 6, 1), "maand"))
    made: list[Any] = []
    with command_context(CommandMeta(actor_id=official.actor_id, besluit_id=BOSD_BESLUIT)):
        for i in range(n):
            punt = Ontwikkelpunt.voeg_toe(
                id=uuid.uuid4(), plan_id=plan_id(gemeente, "2025-2027"), gemeente=gemeente, periode="2025-2027",
                template_versie="2025-02-19", basisfunctie=1, thema="BF1-06",
                doel=f"Ontwikkelpunt {i}", zelfscan_link=None, kolommen=kolommen, vandaag=dt.date.today(),
            )  # fmt: skip
            made.append(punt)
    with command_context(CommandMeta(actor_id=PB.actor_id)):
        for punt in list(made):
            made.append(
                Mijlpaal.plan(
                    titel=f"Mijlpaal van {punt.doel}",
                    soort="overig",
                    eigenaar_soort="ontwikkelpunt",
                    eigenaar_id=str(punt.id),
                    programma=None,
                    project=None,
                    datum=dt.date(2027, 3, 1),
                    precisie="dag",
                )
            )
    return made


@pytest.fixture
async def big(runtime: Runtime) -> None:
    def setup() -> int:
        seed_regios(runtime)
        seed_governance(runtime)
        runtime.app.save(*points(runtime, SMALL, 20), *points(runtime, LARGE, 200))
        for i in range(30):
            runtime.commands.run(
                Envelope(principal=PB),
                StelBesluitVoor(
                    regio="amersfoort",
                    kenmerk=f"AMF-SSD-T-{i}",
                    onderwerp=f"Voorstel {i}",
                    gremium="amf-ssd",
                    beslispunten=["Eén punt"],
                    overwegingen=[],
                    voorstel=None,
                    kader_inhoudelijk=False,
                    kader_financieel=False,
                    betreft_gemeenten=[],
                    koppelingen=[{"soort": "ontwikkelpunt", "id": f"punt-{i}"}],
                ),
            )
        return runtime.app.recorder.max_notification_id() or 0

    position = await asyncio.to_thread(setup)
    assert await runtime.wait_for_views(position, timeout_s=120)


async def test_the_full_plan_with_mijlpalen_and_besluiten_costs_the_same_for_20_and_200_points(
    client: httpx.AsyncClient, token: TokenFactory, big: None, counting: None
) -> None:
    pb = token("programmabureau")
    small, klein = await count(client, pb, PLAN, {"g": SMALL})
    large, groot = await count(client, pb, PLAN, {"g": LARGE})
    punten = groot["ontwikkelplan"]["ontwikkelpunten"]
    assert (len(klein["ontwikkelplan"]["ontwikkelpunten"]), len(punten)) == (20, 200)
    assert all(len(p["mijlpalen"]) == 1 and p["besluiten"][0]["kenmerk"] == "AMF-BOSD-2025-03" for p in punten)
    assert 2 <= small == large <= 12  # today 6: plans, points, regional points, progress, mijlpalen, besluiten


async def test_the_mijlpalenplanning_and_the_besluitenlijst_cost_the_same_for_a_small_and_a_large_page(
    client: httpx.AsyncClient, token: TokenFactory, big: None, counting: None
) -> None:
    pb = token("programmabureau")
    small, klein = await count(client, pb, PLANNING, {"n": 20})
    large, groot = await count(client, pb, PLANNING, {"n": 200})
    assert (len(klein["mijlpalenplanning"]["edges"]), len(groot["mijlpalenplanning"]["edges"])) == (20, 200)
    # 1 for the rows, plus a fixed per-request overhead: the response cache's
    # position lookup and the read pool's connection checks.
    assert 1 <= small == large <= 5
    small, klein = await count(client, pb, LIJST, {"n": 3})
    large, groot = await count(client, pb, LIJST, {"n": 30})
    assert (len(klein["besluitenlijst"]["nodes"]), len(groot["besluitenlijst"]["nodes"])) == (3, 30)
    # today 7 (page, count, beslispunten, adviezen, koppelingen, historie, effecten) + the overhead above
    assert 2 <= small == large <= 10

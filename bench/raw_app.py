"""The read-path reference: a raw Starlette + async psycopg endpoint that runs
the same SQL as the service's read path (the projections' query functions)
and returns the same rows as JSON, with no GraphQL in between. Run in its own
uvicorn process like the service: ``python -m bench.raw_app PORT`` with
``DATABASE_URL`` set."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from domain.principal import Principal
from projections.paging import PageRequest
from projections.plans import queries as q
from projections.plans import regiobeeld as rb
from projections.programme import mijlpalen as mv
from service.visibility import reading_as

PB = Principal(actor_id="bench-raw", name="raw", roles=frozenset({"programmabureau"}))
POOL: dict[str, AsyncConnectionPool] = {}


def rows_json(payload: Any) -> Response:
    return Response(json.dumps(payload, default=str, separators=(",", ":")), media_type="application/json")


def dicts(rows: list[Any]) -> list[dict[str, Any]]:
    return [r.__dict__ for r in rows]


async def plan(request: Request) -> Response:
    gemeente = request.path_params["gemeente"]
    user = Principal(actor_id="bench-raw", name="raw", roles=frozenset({"gemeente"}), gemeente=gemeente)
    async with POOL["pool"].connection() as conn, reading_as(conn, user):
        headers = await q.plans(conn, None, gemeente, "2025-2027")
        if not headers:
            return rows_json(None)
        h = headers[0]
        punten = await q.points(conn, None, 8, plan_id=h.plan_id)
        regionale = await rb.regional_points(conn, None, h.regio)
        progress = await rb.local_progress(conn, None, [r.punt_id for r in regionale], h.gemeente)
    return rows_json(
        {"plan": h.__dict__, "punten": dicts(punten), "regionaal": dicts(regionale), "voortgang": dicts(progress)}
    )


async def regiobeeld(request: Request) -> Response:
    async with POOL["pool"].connection() as conn, reading_as(conn, PB):
        rows = await rb.regiobeeld(conn, None, request.path_params["regio"])
    return rows_json([vars(r) for r in rows])


async def mijlpalen(request: Request) -> Response:
    filters = mv.PlanningFilter(programma=request.path_params["programma"])
    page = PageRequest(first=int(request.query_params.get("first", "200")), after=None)
    async with POOL["pool"].connection() as conn, reading_as(conn, PB):
        rows = await mv.mijlpalenplanning(conn, PB, filters, page, None, dt.date.today())
    return rows_json(dicts(rows.rows))


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    pool = AsyncConnectionPool(
        os.environ["DATABASE_URL"], min_size=2, max_size=8, open=False, kwargs={"autocommit": True}
    )
    await pool.open(wait=True)
    POOL["pool"] = pool
    yield
    await pool.close()


async def healthz(request: Request) -> Response:
    return Response("ok")


app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/plan/{gemeente}", plan),
        Route("/regiobeeld/{regio}", regiobeeld),
        Route("/mijlpalen/{programma}", mijlpalen),
    ],
    lifespan=lifespan,
)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)

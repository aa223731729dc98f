"""The read transaction of a principal: ``BEGIN READ ONLY``, ``SET LOCAL ROLE
voortgang_api`` and the principal's settings in ONE round trip, ``COMMIT`` at
the end (``ROLLBACK`` after an error). Everything is transaction-local, so
nothing of one request survives into the next user of the pooled connection."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.pq import TransactionStatus

from domain.principal import Principal

API_ROLE = "voortgang_api"


def _settings(principal: Principal | None) -> dict[str, str]:
    if principal is None:
        return {"voortgang.rollen": "", "voortgang.gemeente": "", "voortgang.gremia": "", "voortgang.projecten": ""}
    return {
        "voortgang.rollen": ",".join(sorted(principal.roles)),
        "voortgang.gemeente": principal.gemeente or "",
        "voortgang.gremia": ",".join(sorted(principal.gremia)),
        "voortgang.projecten": ",".join(sorted(principal.projecten)),
    }


def prelude(principal: Principal | None) -> sql.Composed:
    """The statements that start a principal's read transaction (no parameters:
    sent as one simple query, one round trip)."""
    configs = sql.SQL(", ").join(
        sql.SQL("set_config({}, {}, true)").format(sql.Literal(name), sql.Literal(value))
        for name, value in _settings(principal).items()
    )
    return sql.SQL("BEGIN READ ONLY; SET LOCAL ROLE {}; SELECT {}").format(sql.Identifier(API_ROLE), configs)


@asynccontextmanager
async def reading_as(conn: AsyncConnection[Any], principal: Principal | None) -> AsyncIterator[AsyncConnection[Any]]:
    """Run the block as ``principal`` under row-level security, in one read-only
    transaction on an autocommit connection of the read pool."""
    await conn.execute(prelude(principal).as_string(conn))
    try:
        yield conn
    finally:
        status = conn.info.transaction_status
        if status == TransactionStatus.INTRANS:
            await conn.execute("COMMIT")
        elif status == TransactionStatus.INERROR:
            await conn.execute("ROLLBACK")

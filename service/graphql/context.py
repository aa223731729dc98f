"""The per-request GraphQL context: principal, runtime, request id, and the
DataLoaders of this request (never shared across requests or tenants)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncConnection
from starlette.requests import HTTPConnection
from starlette.responses import Response

from domain.errors import DomainError, NotAllowed, Problem, ValidationFailed
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.registry import Commands
from service.runtime import Runtime
from service.visibility import reading_as


class PositionNotReached(DomainError):
    """The views did not reach the requested position within the bounded wait."""

    code = "POSITION_NOT_REACHED"


@dataclass
class Context:
    request: HTTPConnection
    response: Response | None
    runtime: Runtime
    principal: Principal | None
    request_id: str
    loaders: dict[str, Any] = field(default_factory=dict)
    connection_params: dict[str, Any] | None = None
    """The ``connection_init`` payload of a websocket (subscriptions)."""

    @property
    def commands(self) -> Commands:
        return self.runtime.commands

    @property
    def user(self) -> Principal:
        if self.principal is None:
            raise NotAllowed("aanmelden is vereist")
        return self.principal

    def envelope(
        self, *, toelichting: str | None = None, idempotency_key: str | None = None, besluit_id: str | None = None
    ) -> Envelope:
        return Envelope(
            principal=self.user,
            request_id=self.request_id,
            toelichting=toelichting,
            idempotency_key=idempotency_key,
            besluit_id=besluit_id,
        )

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncConnection[Any]]:
        """A read connection as this request's principal: one read-only
        transaction as the ``voortgang_api`` role, so row-level security
        decides what every query sees (docs/security.md)."""
        async with self.runtime.pool.connection() as conn, reading_as(conn, self.user):
            yield conn

    async def _wait_for(self, position: int) -> None:
        """Read-your-writes: wait (bounded) for the views; refuse a position
        that does not exist and say so when the views did not get there."""
        if position > await self.runtime.log_head() and position > await self.runtime.primary_head():
            raise ValidationFailed([Problem("minPosition", "deze positie bestaat (nog) niet in het eventlog")])
        if not await self.runtime.wait_for_views(position):
            raise PositionNotReached(
                f"de views hebben positie {position} niet binnen de wachttijd bereikt; probeer het opnieuw"
            )

    async def as_of(self, instant: dt.datetime | None, min_position: int | None = None) -> int | None:
        """The position a query reads at: None for the current views, or the
        last position recorded at ``instant``. Waits for ``min_position``."""
        if min_position:
            await self._wait_for(min_position)
        if instant is None:
            return None
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=dt.UTC)
        return await self.runtime.position_at(instant)

"""How every command runs: authorization, expected version, idempotency, save.

Commands take and return ids and primitives. They run synchronously (the event
library is synchronous); the API calls them through ``service.store.eventstore.off_loop``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.base import CommandMeta, VoortgangAggregate, command_context
from domain.errors import DomainError
from domain.idempotency import IdempotencyRecord, idempotency_id
from domain.principal import Principal
from service.store.eventstore import VoortgangApplication

A = TypeVar("A", bound=VoortgangAggregate)


class ServiceError(DomainError):
    code = "SERVICE_ERROR"


class NotFound(ServiceError):
    code = "NOT_FOUND"


class Conflict(ServiceError):
    """Someone else changed the object first; carries the version now stored."""

    code = "CONFLICT"

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class IdempotencyKeyReused(ServiceError):
    code = "IDEMPOTENCY_KEY_REUSED"


@dataclass(frozen=True)
class Command:
    """The envelope of every command: who, why, and how to apply it once."""

    principal: Principal
    request_id: str = ""
    toelichting: str | None = None
    idempotency_key: str | None = None
    besluit_id: str | None = None
    peildatum: dt.date | None = None
    """The date in reality the change is about (valid time); None = today."""

    def meta(self) -> CommandMeta:
        return CommandMeta(
            actor_id=self.principal.actor_id,
            request_id=self.request_id,
            toelichting=self.toelichting,
            besluit_id=self.besluit_id,
            peildatum=self.peildatum,
        )


@dataclass(frozen=True)
class Saved:
    """What a command wrote: the object, its new version, and the position in
    the event log a reader can wait for (read-your-writes)."""

    aggregate_id: UUID
    version: int
    position: int
    replayed: bool = False
    aggregate_type: str = ""
    """The class name of the object (which views show it); empty when unknown."""


def request_hash(operation: str, payload: Mapping[str, Any]) -> str:
    canonical = json.dumps([operation, payload], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class Executor:
    """Runs decisions against the event store."""

    def __init__(self, app: VoortgangApplication) -> None:
        self.app = app

    def load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate: object = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"{what} niet gevonden") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"{what} niet gevonden")
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.app.repository

    @staticmethod
    def expect_version(aggregate: VoortgangAggregate, expected: int | None, what: str) -> None:
        if expected is not None and expected != aggregate.version:
            raise Conflict(
                f"{what} is intussen gewijzigd (versie {aggregate.version}, verwacht {expected})",
                current_version=aggregate.version,
            )

    def _replay(self, command: Command, operation: str, digest: str) -> Saved | None:
        assert command.idempotency_key is not None
        record_id = idempotency_id(command.principal.actor_id, command.idempotency_key)
        if record_id not in self.app.repository:
            return None
        record: object = self.app.repository.get(record_id)
        assert isinstance(record, IdempotencyRecord)
        if record.request_hash != digest:
            raise IdempotencyKeyReused("deze idempotency-sleutel is al gebruikt voor een ander verzoek")
        position = self.app.recorder.max_notification_id() or 0
        return Saved(record.aggregate_id, record.result_version, position, replayed=True)

    def execute(
        self,
        command: Command,
        operation: str,
        payload: Mapping[str, Any],
        decide: Callable[[], Sequence[VoortgangAggregate]],
    ) -> Saved:
        """Let ``decide`` load and change aggregates (the first is the one the
        caller asked about), then save all their events atomically."""
        digest = request_hash(operation, payload)
        if command.idempotency_key:
            replay = self._replay(command, operation, digest)
            if replay is not None:
                return replay
        with command_context(command.meta()):
            aggregates = list(decide())
            target = aggregates[0]
            to_save: list[VoortgangAggregate] = list(aggregates)
            if command.idempotency_key:
                to_save.append(
                    IdempotencyRecord(
                        owner=command.principal.actor_id,
                        key=command.idempotency_key,
                        operation=operation,
                        request_hash=digest,
                        aggregate_id=target.uuid,
                        version=target.version,
                    )
                )
            try:
                recordings = self.app.save(*to_save)
            except IntegrityError:
                if command.idempotency_key:
                    replay = self._replay(command, operation, digest)
                    if replay is not None:
                        return replay
                current: VoortgangAggregate = self.app.repository.get(target.id)
                raise Conflict(
                    "het object is tegelijk door een ander gewijzigd; probeer opnieuw",
                    current_version=current.version,
                ) from None
        position = max((r.notification.id for r in recordings if r.notification.id), default=0)
        return Saved(target.uuid, target.version, position, aggregate_type=type(target).__name__)

"""How every command runs: authorization, expected version, idempotency, save.

A command is a frozen dataclass (a subclass of :class:`Command`) whose fields
are its arguments; it names its ``operation`` and decides with
:meth:`Command.decide`. :meth:`Executor.run` runs it under an
:class:`Envelope` (who, why, which idempotency key, which besluit) and derives
the idempotency hash from the command's fields (:func:`request_hash`). Commands
run synchronously (the event library is synchronous); the API calls them through
``service.store.eventstore.off_loop``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.base import CommandMeta, VoortgangAggregate, command_context
from domain.errors import DomainError, Problem, ValidationFailed
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
class Envelope:
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

    def besluit(self) -> UUID | None:
        """The besluit the command runs under (its authority), if any."""
        if self.besluit_id is None:
            return None
        try:
            return UUID(self.besluit_id)
        except ValueError:
            raise ValidationFailed([Problem("besluitId", "geen geldig besluit-id")]) from None


@dataclass(frozen=True, kw_only=True)
class Command(ABC):
    """A typed command. Subclasses are ``@dataclass(frozen=True, kw_only=True)``:
    the fields are the arguments, and all of them make up the request hash."""

    operation: ClassVar[str]
    """The name stored in idempotency records and the audit (the GraphQL mutation's name)."""

    def authorize(self, principal: Principal) -> None:  # noqa: B027 - most commands check in decide
        """Checks on the principal alone, before anything is loaded or replayed."""

    @abstractmethod
    def decide(self, x: Executor, envelope: Envelope) -> Sequence[VoortgangAggregate]:
        """Load, authorize, check the expected version and let the aggregates
        decide; the first aggregate returned is the one the caller asked about."""


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


def request_hash(command: Command) -> str:
    """The idempotency hash: the operation and every field of the command, as canonical JSON."""
    canonical = json.dumps([command.operation, plain(command)], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def plain(value: object) -> Any:
    """A command's value as JSON, the same for equal values (a field of a type
    it does not know is an error, never silently left out)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    raise TypeError(f"no canonical form for {type(value).__name__} in a command")


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

    def run(self, envelope: Envelope, command: Command) -> Saved:
        """Run ``command`` once per idempotency key and save what it decided."""
        command.authorize(envelope.principal)
        return self._save(envelope, command.operation, request_hash(command), lambda: command.decide(self, envelope))

    def _replay(self, envelope: Envelope, operation: str, digest: str) -> Saved | None:
        assert envelope.idempotency_key is not None
        record_id = idempotency_id(envelope.principal.actor_id, envelope.idempotency_key)
        if record_id not in self.app.repository:
            return None
        record: object = self.app.repository.get(record_id)
        assert isinstance(record, IdempotencyRecord)
        if record.request_hash != digest:
            raise IdempotencyKeyReused("deze idempotency-sleutel is al gebruikt voor een ander verzoek")
        position = self.app.recorder.max_notification_id() or 0
        return Saved(record.aggregate_id, record.result_version, position, replayed=True)

    def _save(
        self,
        envelope: Envelope,
        operation: str,
        digest: str,
        decide: Callable[[], Sequence[VoortgangAggregate]],
    ) -> Saved:
        """Let ``decide`` load and change aggregates (the first is the one the
        caller asked about), then save all their events atomically."""
        if envelope.idempotency_key:
            replay = self._replay(envelope, operation, digest)
            if replay is not None:
                return replay
        with command_context(envelope.meta()):
            aggregates = list(decide())
            target = aggregates[0]
            to_save: list[VoortgangAggregate] = list(aggregates)
            if envelope.idempotency_key:
                to_save.append(
                    IdempotencyRecord(
                        owner=envelope.principal.actor_id,
                        key=envelope.idempotency_key,
                        operation=operation,
                        request_hash=digest,
                        aggregate_id=target.uuid,
                        version=target.version,
                    )
                )
            try:
                recordings = self.app.save(*to_save)
            except IntegrityError:
                if envelope.idempotency_key:
                    replay = self._replay(envelope, operation, digest)
                    if replay is not None:
                        return replay
                current: VoortgangAggregate = self.app.repository.get(target.id)
                raise Conflict(
                    "het object is tegelijk door een ander gewijzigd; probeer opnieuw",
                    current_version=current.version,
                ) from None
        position = max((r.notification.id for r in recordings if r.notification.id), default=0)
        return Saved(target.uuid, target.version, position, aggregate_type=type(target).__name__)

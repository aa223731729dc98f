"""All commands of one import, saved in one transaction.

:class:`BatchExecutor` is the ordinary :class:`Executor` (the same commands
run through it: authorization, validation, expected versions, idempotency
keys), except that saving keeps the changed aggregates in memory instead
of saving them, and a later command in the batch sees the aggregates as the
earlier ones left them. :meth:`BatchExecutor.commit` then saves every event of
every aggregate, and every idempotency record, with **one**
``Application.save`` (one call of ``es_insert_events_uuid``, one
transaction): the import is applied completely or not at all. If anyone
changed one of the points in the meantime, the version check of that save
fails and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.base import VoortgangAggregate, command_context
from domain.idempotency import IdempotencyRecord, idempotency_id
from service.commands.base import Conflict, Envelope, Executor, IdempotencyKeyReused, Saved

A = TypeVar("A", bound=VoortgangAggregate)


class BatchExecutor(Executor):
    def __init__(self, executor: Executor) -> None:
        super().__init__(executor.app)
        self.cache: dict[UUID, VoortgangAggregate] = {}
        self.changed: dict[UUID, VoortgangAggregate] = {}
        self.keys: dict[str, str] = {}
        self.known: set[UUID] | None = None
        self.prefetched: set[UUID] = set()
        """Ids known to exist (prefetched); None: ask the store each time."""

    def prefetch(self, ids: list[UUID]) -> None:
        """Which of ``ids`` (idempotency records, new points) exist: one query
        instead of one per command."""
        recorder: Any = self.app.recorder
        with recorder.datastore.get_connection() as conn:
            rows = conn.execute(
                "SELECT DISTINCT originator_id FROM voortgang_events WHERE originator_id = ANY(%s)", [ids]
            ).fetchall()
        self.known = {row["originator_id"] for row in rows}
        self.prefetched = set(ids)

    def _stored(self, aggregate_id: UUID) -> bool:
        if self.known is not None and aggregate_id in self.prefetched:
            return aggregate_id in self.known
        return super().exists(aggregate_id)

    def _replay(self, command: Envelope, operation: str, digest: str) -> Saved | None:
        assert command.idempotency_key is not None
        if not self._stored(idempotency_id(command.principal.actor_id, command.idempotency_key)):
            return None
        return super()._replay(command, operation, digest)

    def load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        cached = self.cache.get(aggregate_id)
        if cached is None:
            cached = super().load(cls, aggregate_id, what)
            self.cache[aggregate_id] = cached
        if not isinstance(cached, cls):
            return super().load(cls, aggregate_id, what)  # raises NotFound
        return cached

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.cache or self._stored(aggregate_id)

    def _save(
        self,
        command: Envelope,
        operation: str,
        digest: str,
        decide: Callable[[], Sequence[VoortgangAggregate]],
    ) -> Saved:
        key = command.idempotency_key
        if key:
            if key in self.keys:
                if self.keys[key] != digest:
                    raise IdempotencyKeyReused("deze idempotency-sleutel is al gebruikt voor een ander verzoek")
                raise IdempotencyKeyReused("dezelfde stap staat twee keer in dit bestand")
            replay = self._replay(command, operation, digest)
            if replay is not None:
                return replay
        with command_context(command.meta()):
            aggregates = list(decide())
            target = aggregates[0]
            for aggregate in aggregates:
                self.cache[aggregate.id] = aggregate
                self.changed[aggregate.id] = aggregate
            if key:
                self.keys[key] = digest
                record = IdempotencyRecord(
                    owner=command.principal.actor_id,
                    key=key,
                    operation=operation,
                    request_hash=digest,
                    aggregate_id=target.uuid,
                    version=target.version,
                )
                self.changed[record.id] = record
        return Saved(target.uuid, target.version, 0)

    def pending_events(self) -> int:
        return sum(len(a.pending_events) for a in self.changed.values())

    def commit(self) -> int:
        """Save everything at once; the log position reached (0: nothing to save)."""
        if not self.changed:
            return 0
        try:
            recordings = self.app.save(*self.changed.values())
        except IntegrityError:
            raise Conflict(
                "het plan is tijdens het importeren door een ander gewijzigd; er is niets opgeslagen, probeer opnieuw",
                current_version=0,
            ) from None
        return max((r.notification.id for r in recordings if r.notification.id), default=0)

"""The record of a command applied under an idempotency key.

Saved in the same atomic write as the command's own events, with an id derived
from (actor, key): a retry collides on it and gets the first answer back.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import VoortgangAggregate
from domain.ids import natural_id


def idempotency_id(actor_id: str, key: str) -> UUID:
    return natural_id("idempotency", f"{actor_id}\x00{key}")


class IdempotencyRecord(VoortgangAggregate):
    @staticmethod
    def create_id(owner: str, key: str) -> UUID:
        return idempotency_id(owner, key)

    @event("Vastgelegd")
    def __init__(
        self, owner: str, key: str, operation: str, request_hash: str, aggregate_id: UUID, version: int
    ) -> None:
        self.operation = operation
        self.request_hash = request_hash
        self.aggregate_id = aggregate_id
        self.result_version = version

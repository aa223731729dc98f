"""The command bus: every typed command runs through one executor."""

from __future__ import annotations

from dataclasses import dataclass

from service.commands.base import Command, Envelope, Executor, Saved
from service.store.eventstore import VoortgangApplication


@dataclass(frozen=True)
class Commands:
    executor: Executor

    def run(self, envelope: Envelope, command: Command) -> Saved:
        """Run a typed command (authorization, idempotency, expected version, save)."""
        return self.executor.run(envelope, command)

    @classmethod
    def build(cls, app: VoortgangApplication) -> Commands:
        return cls(executor=Executor(app))

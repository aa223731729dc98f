"""The command bus: typed commands run through one executor; the areas not
yet typed keep a service object each."""

from __future__ import annotations

from dataclasses import dataclass

from service.commands.base import Command, Envelope, Executor, Saved
from service.commands.governance.gremium import GovernanceCommands
from service.commands.programme.programma import ProgrammeCommands
from service.store.eventstore import VoortgangApplication


@dataclass(frozen=True)
class Commands:
    executor: Executor
    programme: ProgrammeCommands
    governance: GovernanceCommands

    def run(self, envelope: Envelope, command: Command) -> Saved:
        """Run a typed command (authorization, idempotency, expected version, save)."""
        return self.executor.run(envelope, command)

    @classmethod
    def build(cls, app: VoortgangApplication) -> Commands:
        executor = Executor(app)
        return cls(
            executor=executor,
            programme=ProgrammeCommands(executor),
            governance=GovernanceCommands(executor),
        )

"""All command services, one attribute per area."""

from __future__ import annotations

from dataclasses import dataclass

from service.commands.base import Executor
from service.commands.governance.gremium import GovernanceCommands
from service.commands.plans.ontwikkelplan import PlanCommands
from service.commands.programme.programma import ProgrammeCommands
from service.commands.regio import RegioCommands
from service.store.eventstore import VoortgangApplication


@dataclass(frozen=True)
class Commands:
    executor: Executor
    regio: RegioCommands
    plans: PlanCommands
    programme: ProgrammeCommands
    governance: GovernanceCommands

    @classmethod
    def build(cls, app: VoortgangApplication) -> Commands:
        executor = Executor(app)
        return cls(
            executor=executor,
            regio=RegioCommands(executor),
            plans=PlanCommands(executor),
            programme=ProgrammeCommands(executor),
            governance=GovernanceCommands(executor),
        )

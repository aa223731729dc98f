"""All command services, one attribute per area."""

from __future__ import annotations

from dataclasses import dataclass

from service.commands.base import Executor
from service.commands.regio import RegioCommands
from service.eventstore import VoortgangApplication


@dataclass(frozen=True)
class Commands:
    executor: Executor
    regio: RegioCommands

    @classmethod
    def build(cls, app: VoortgangApplication) -> Commands:
        executor = Executor(app)
        return cls(executor=executor, regio=RegioCommands(executor))

"""Commands on the regio registry (programme office only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.errors import Problem, ValidationFailed
from domain.principal import Principal
from domain.regio import Regio, regio_id
from service.access.authz import require_programmabureau
from service.commands.base import Command, Envelope, Executor


@dataclass(frozen=True, kw_only=True)
class RegistreerRegio(Command):
    operation: ClassVar[str] = "registreerRegio"
    code: str
    naam: str

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een regio registreren")

    def decide(self, x: Executor, envelope: Envelope) -> list[Regio]:
        if x.exists(regio_id(self.code.strip())):
            raise ValidationFailed([Problem("code", f"regio {self.code} bestaat al")])
        return [Regio.registreer(self.code, self.naam)]


@dataclass(frozen=True, kw_only=True)
class RegistreerGemeente(Command):
    operation: ClassVar[str] = "registreerGemeente"
    regio: str
    code: str
    naam: str
    expected_version: int | None = None

    def authorize(self, principal: Principal) -> None:
        require_programmabureau(principal, "een gemeente registreren")

    def decide(self, x: Executor, envelope: Envelope) -> list[Regio]:
        regio = x.load(Regio, regio_id(self.regio), f"regio {self.regio}")
        x.expect_version(regio, self.expected_version, f"regio {self.regio}")
        regio.registreer_gemeente(self.code, self.naam)
        return [regio]

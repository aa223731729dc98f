"""Commands on the regio registry (programme office only)."""

from __future__ import annotations

from domain.errors import Problem, ValidationFailed
from domain.regio import Regio, regio_id
from service.access.authz import require_programmabureau
from service.commands.base import Command, Executor, Saved


class RegioCommands:
    def __init__(self, executor: Executor) -> None:
        self.x = executor

    def registreer_regio(self, command: Command, code: str, naam: str) -> Saved:
        require_programmabureau(command.principal, "een regio registreren")

        def decide() -> list[Regio]:
            if self.x.exists(regio_id(code.strip())):
                raise ValidationFailed([Problem("code", f"regio {code} bestaat al")])
            return [Regio.registreer(code, naam)]

        return self.x.execute(command, "registreerRegio", {"code": code, "naam": naam}, decide)

    def registreer_gemeente(
        self, command: Command, regio_code: str, code: str, naam: str, expected_version: int | None
    ) -> Saved:
        require_programmabureau(command.principal, "een gemeente registreren")

        def decide() -> list[Regio]:
            regio = self.x.load(Regio, regio_id(regio_code), f"regio {regio_code}")
            self.x.expect_version(regio, expected_version, f"regio {regio_code}")
            regio.registreer_gemeente(code, naam)
            return [regio]

        payload = {"regio": regio_code, "code": code, "naam": naam, "expected": expected_version}
        return self.x.execute(command, "registreerGemeente", payload, decide)

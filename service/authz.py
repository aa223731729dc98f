"""Who may do what. Enforced in the command services and the query layer,
not only in resolvers. Each rule raises :class:`domain.errors.NotAllowed`
with a reason that names the rule and leaks nothing about other gemeenten."""

from __future__ import annotations

from domain.errors import NotAllowed
from service.auth import Principal

READ_ALL = ("programmabureau", "overleg", "auditor")


def require_programmabureau(principal: Principal, action: str) -> None:
    if not principal.has("programmabureau"):
        raise NotAllowed(f"alleen het programmabureau mag {action}")


def require_gemeente_writer(principal: Principal, gemeente: str, action: str) -> None:
    """The programme office writes everywhere; a gemeente user only in its own gemeente."""
    if principal.has("programmabureau"):
        return
    if principal.has("gemeente") and principal.gemeente == gemeente:
        return
    if principal.has("gemeente"):
        raise NotAllowed(f"een gemeente mag alleen in het eigen plan {action}")
    raise NotAllowed(f"deze rol mag niet {action}")


def reads_everything(principal: Principal) -> bool:
    return principal.has(*READ_ALL)


def require_audit_reader(principal: Principal) -> None:
    if not principal.has("auditor", "programmabureau"):
        raise NotAllowed("alleen de auditor en het programmabureau zien deze audittrail")

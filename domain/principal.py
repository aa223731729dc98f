"""Who acts: the principal a request or command acts as (from the token's
claims, ``service/access/auth.py``) and its roles. A plain value: the layers
below the service (projections) take it as the reader of a query, and the
role rules about reading that they need live here, beside it.

Which rows a reader sees is decided by PostgreSQL's row-level security
(docs/security.md); which role may ask which field is a role rule: most are in
``service/access/authz.py``, the ones the projections apply are below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.errors import NotAllowed

ROLES = ("gemeente", "programmabureau", "overleg", "auditor", "secretaris", "projectleider")


@dataclass(frozen=True)
class Principal:
    """Who a request acts as, from the token's claims."""

    actor_id: str
    name: str
    roles: frozenset[str]
    gemeente: str | None = None
    gremia: frozenset[str] = field(default_factory=frozenset)
    projecten: frozenset[str] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role(self) -> str:
        """The principal's main role, for logs and the audit trail."""
        for role in ROLES:
            if role in self.roles:
                return role
        return "onbekend"

    @property
    def key(self) -> str:
        """A stable key for rate limits and idempotency."""
        return self.actor_id


PROGRAMME_READERS = ("programmabureau", "overleg", "auditor", "gemeente", "projectleider", "secretaris")


def require_programme_reader(principal: Principal) -> None:
    """The programme, its milestones, budget and risks are regional: every role reads them."""
    if not principal.has(*PROGRAMME_READERS):
        raise NotAllowed("deze rol mag het programma niet inzien")

"""Who may do what. Enforced in the command services and the query layer,
not only in resolvers. Each rule raises :class:`domain.errors.NotAllowed`
with a reason that names the rule and leaks nothing about other gemeenten."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import NotAllowed
from domain.principal import Principal

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


def require_directory_reader(principal: Principal) -> None:
    """The people directory (names of officials): programmabureau and auditor."""
    if not principal.has("auditor", "programmabureau"):
        raise NotAllowed("alleen de auditor en het programmabureau zien het personenregister")


def audit_trail_scope(principal: Principal) -> str | None:
    """Which audit rows a principal may read: None = all (auditor, programmabureau);
    a gemeentecode = only the trail of that gemeente's own objects."""
    if principal.has("auditor", "programmabureau"):
        return None
    if principal.has("gemeente") and principal.gemeente:
        return principal.gemeente
    raise NotAllowed("alleen de auditor, het programmabureau en de eigen gemeente zien de audittrail")


# -- ontwikkelplannen ------------------------------------------------------------

PLAN_CONCEPT = "concept"


@dataclass(frozen=True)
class PlanReadScope:
    """What of the ontwikkelplannen a principal may read.

    ``everything``: programmabureau, overleg, auditor. ``own_gemeente``: a
    gemeente user reads its own plan fully. Everyone else (and a gemeente for
    other gemeenten) sees a plan only once it is no longer concept, and never
    its concept ontwikkelpunten. Reads never use this: PostgreSQL enforces the
    same rule with row-level security (``migrations/0500.api-reader-role.sql``,
    ``service/visibility``). Commands use it on the aggregates they load, so
    that a write on a point one may not see answers like a missing one."""

    everything: bool
    own_gemeente: str | None

    def sees_fully(self, gemeente: str) -> bool:
        return self.everything or gemeente == self.own_gemeente

    def sees(self, gemeente: str, plan_status: str, part_status: str | None = None) -> bool:
        if self.sees_fully(gemeente):
            return True
        return PLAN_CONCEPT not in (plan_status, part_status)


def plan_read_scope(principal: Principal) -> PlanReadScope:
    own = principal.gemeente if principal.has("gemeente") else None
    return PlanReadScope(everything=reads_everything(principal), own_gemeente=own)


def require_regional_point_writer(principal: Principal, action: str) -> None:
    """Only the programme office adopts or changes regional ontwikkelpunten."""
    require_programmabureau(principal, action)


# -- the regional programme (issue 5) ----------------------------------------
# PROGRAMME_READERS and require_programme_reader live in domain/principal.py (the projections apply them)


def require_project_writer(principal: Principal, project: str | None, action: str) -> None:
    """The programme office writes everything; a projectleider only in the projects of its token."""
    if principal.has("programmabureau"):
        return
    if project is not None and principal.has("projectleider") and project in principal.projecten:
        return
    if principal.has("projectleider"):
        raise NotAllowed(f"een projectleider mag alleen in het eigen project {action}")
    raise NotAllowed(f"alleen het programmabureau en de projectleider van het project mogen {action}")


def require_instance_writer(principal: Principal, gemeente: str, project: str | None, action: str) -> None:
    """A local milestone instance: the programme office, the project's projectleider, or its own gemeente."""
    if principal.has("gemeente"):
        if principal.gemeente == gemeente:
            return
        raise NotAllowed(f"een gemeente mag alleen de eigen lokale mijlpalen {action}")
    require_project_writer(principal, project, action)


# -- governance (issue 4) ------------------------------------------------------
def require_secretariaat(principal: Principal, gremium: str, action: str) -> None:
    """Meetings and decisions of a body are recorded by the programme office or that body's secretaris."""
    if principal.has("programmabureau"):
        return
    if principal.has("secretaris") and gremium in principal.gremia:
        return
    if principal.has("secretaris"):
        raise NotAllowed(f"een secretaris mag alleen voor de eigen gremia {action}")
    raise NotAllowed(f"alleen het programmabureau en de secretaris van het gremium mogen {action}")


def reads_all_governance(principal: Principal) -> bool:
    """Programme office, overleg, auditor and secretarissen read all governance records."""
    return principal.has(*READ_ALL, "secretaris")


def require_governance_reader(principal: Principal, what: str) -> None:
    if not reads_all_governance(principal):
        raise NotAllowed(f"alleen programmabureau, overleg, auditor en secretaris zien {what}")


def history_scope(principal: Principal) -> str | None:
    """PDCA history, changes between instants and progress series: None = everything
    (programmabureau, overleg, auditor); a gemeentecode = only that gemeente's own objects."""
    if reads_everything(principal):
        return None
    if principal.has("gemeente") and principal.gemeente:
        return principal.gemeente
    raise NotAllowed("deze rol mag de voortgangshistorie niet inzien")

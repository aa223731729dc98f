"""Which events reach live subscribers, under which topic, and who may see them.

Subscribers receive ids and positions only. Which role may subscribe to
which topic is a role rule (``service.access.authz``); whether a notification about
a plan, point or milestone reaches a subscriber is asked of the database as
that subscriber (``visible``), so the row-level security policies decide it:
a notification about a concept point reaches exactly those who see the point.
"""

from __future__ import annotations

from domain.besluit import Besluit
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie
from domain.ontwikkelplan import Ontwikkelplan
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.principal import require_programme_reader
from domain.regio import Regio
from service.access import authz
from service.live.broker import FROM_CREATION, LiveRules, guarded

TOPICS = ("REGIO_CHANGED", "PLAN_CHANGED", "STAND_VAN_ZAKEN_POSTED", "BESLUIT_GENOMEN", "MILESTONE_MOVED")


PLAN_OBJECT = (
    "SELECT EXISTS (SELECT 1 FROM ontwikkelplan_view WHERE plan_id = %(id)s AND sys_to IS NULL)"
    " OR EXISTS (SELECT 1 FROM ontwikkelpunt_view WHERE punt_id = %(id)s AND sys_to IS NULL)"
)
MIJLPAAL_OBJECT = (
    "SELECT EXISTS (SELECT 1 FROM mijlpaal_view WHERE mijlpaal_id = %(id)s AND sys_to IS NULL)"
    " OR EXISTS (SELECT 1 FROM mijlpaal_instantie_view WHERE instantie_id = %(id)s AND sys_to IS NULL)"
)


def _plan_events() -> list[type]:
    plan = [v for v in vars(Ontwikkelplan).values() if isinstance(v, type) and issubclass(v, Ontwikkelplan.Event)]
    punt = [
        v
        for v in vars(Ontwikkelpunt).values()
        if isinstance(v, type) and issubclass(v, Ontwikkelpunt.Event) and v is not Ontwikkelpunt.StandVanZakenBijgewerkt
    ]
    return plan + punt


def live_rules() -> LiveRules:
    """Every live topic: which events reach subscribers and who may see them. The app builds
    these once when it starts and hands them to its broker (importing this module registers
    nothing)."""
    rules = LiveRules()
    rules.live(Regio.Geregistreerd, "REGIO_CHANGED")
    rules.live(Regio.GemeenteGeregistreerd, "REGIO_CHANGED")
    for event_class in _plan_events():
        rules.live(event_class, "PLAN_CHANGED", gemeente=FROM_CREATION, visible=PLAN_OBJECT)
    rules.live(
        Ontwikkelpunt.StandVanZakenBijgewerkt, "STAND_VAN_ZAKEN_POSTED", gemeente=FROM_CREATION, visible=PLAN_OBJECT
    )
    rules.live(
        Besluit.Genomen,
        "BESLUIT_GENOMEN",
        allowed=guarded(lambda p: authz.require_governance_reader(p, "besluiten")),
    )
    programme = guarded(require_programme_reader)
    rules.live(Mijlpaal.Verplaatst, "MILESTONE_MOVED", allowed=programme, visible=MIJLPAAL_OBJECT)
    rules.live(
        MijlpaalInstantie.Verplaatst,
        "MILESTONE_MOVED",
        gemeente=FROM_CREATION,
        allowed=programme,
        visible=MIJLPAAL_OBJECT,
    )
    return rules

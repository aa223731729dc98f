"""Which events reach live subscribers, under which topic, and who may see them.

Subscribers receive ids and positions only; the rules here mirror the read
rules of ``service.authz`` conservatively (a plan change is only announced to
those who may read that gemeente's plan fully, concept included).
"""

from __future__ import annotations

from domain.besluit import Besluit
from domain.mijlpaal import Mijlpaal, MijlpaalInstantie
from domain.ontwikkelplan import Ontwikkelplan
from domain.ontwikkelpunt import Ontwikkelpunt
from domain.regio import Regio
from service import authz
from service.auth import Principal
from service.live import FROM_CREATION, LiveEvent, guarded, live

TOPICS = ("REGIO_CHANGED", "PLAN_CHANGED", "STAND_VAN_ZAKEN_POSTED", "BESLUIT_GENOMEN", "MILESTONE_MOVED")


def plan_reader(principal: Principal, event: LiveEvent) -> bool:
    scope = authz.plan_read_scope(principal)
    return scope.everything if event.gemeente is None else scope.sees_fully(event.gemeente)


def _plan_events() -> list[type]:
    plan = [v for v in vars(Ontwikkelplan).values() if isinstance(v, type) and issubclass(v, Ontwikkelplan.Event)]
    punt = [
        v
        for v in vars(Ontwikkelpunt).values()
        if isinstance(v, type) and issubclass(v, Ontwikkelpunt.Event) and v is not Ontwikkelpunt.StandVanZakenBijgewerkt
    ]
    return plan + punt


def register() -> None:
    live(Regio.Geregistreerd, "REGIO_CHANGED")
    live(Regio.GemeenteGeregistreerd, "REGIO_CHANGED")
    for event_class in _plan_events():
        live(event_class, "PLAN_CHANGED", gemeente=FROM_CREATION, allowed=plan_reader)
    live(Ontwikkelpunt.StandVanZakenBijgewerkt, "STAND_VAN_ZAKEN_POSTED", gemeente=FROM_CREATION, allowed=plan_reader)
    live(
        Besluit.Genomen,
        "BESLUIT_GENOMEN",
        allowed=guarded(lambda p: authz.require_governance_reader(p, "besluiten")),
    )
    programme = guarded(authz.require_programme_reader)
    live(Mijlpaal.Verplaatst, "MILESTONE_MOVED", allowed=programme)
    live(MijlpaalInstantie.Verplaatst, "MILESTONE_MOVED", gemeente=FROM_CREATION, allowed=programme)


register()

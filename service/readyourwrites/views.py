"""Which views a mutation's answer reads, by the kind of object it changed.

A mutation waits only for these (not for all eleven): its payload is built
from the view of the object it changed. Nested fields that come from another
area (an ontwikkelpunt's audit history, a plan's besluit links) may trail by a
moment; ``minPosition`` on a query waits for every view. A kind not listed
here waits for every view.
"""

from __future__ import annotations

VIEWS_READ: dict[str, tuple[str, ...]] = {
    "Regio": ("regio",),
    "Ontwikkelplan": ("plans",),
    "Ontwikkelpunt": ("plans",),
    "RegionaalOntwikkelpunt": ("plans",),
    "LokaleVoortgang": ("plans",),
    "Gremium": ("governance_gremia",),
    "Mandaatregeling": ("governance_gremia",),
    "Overleg": ("governance_overleg",),
    "Besluit": ("governance_besluit", "besluit_effecten"),
    "Programma": ("programme",),
    "Project": ("programme",),
    "Mijlpaal": ("mijlpalen",),
    "MijlpaalInstantie": ("mijlpalen",),
    "Begroting": ("budget",),
    "Risico": ("risks",),
}


def views_read(aggregate_type: str, every_view: tuple[str, ...], *, under_besluit: bool = False) -> tuple[str, ...]:
    """The views the answer about an object of ``aggregate_type`` reads; a
    change made under a besluit also waits for the besluit's effects (the
    answer and the besluit both show the link)."""
    views = VIEWS_READ.get(aggregate_type, every_view)
    if under_besluit and "besluit_effecten" not in views:
        views = (*views, "besluit_effecten")
    return views

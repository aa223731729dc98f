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


def views_read(aggregate_type: str, every_view: tuple[str, ...]) -> tuple[str, ...]:
    """The views the answer about an object of ``aggregate_type`` reads."""
    return VIEWS_READ.get(aggregate_type, every_view)

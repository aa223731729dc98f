"""Cross-area contract: may a change be made on the authority of a besluit?

The programme (budget beyond the kaders), the plans (regional points adopted
by a besluit) and governance share this one question. Implemented by the
governance area against its ``Besluit`` aggregate and mandate rules.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from domain.besluit import Besluit
from domain.errors import NotAllowed
from domain.gremium import Gremium, gremium_id
from domain.mandaat import GremiumFeit, Mandaatregeling, MandateRefused, mandaat_id
from service.commands.base import Envelope, Executor

Kader = Literal["inhoudelijk", "financieel"]


def require_authorizing_besluit(executor: Executor, besluit_id: UUID, kader: Kader | None) -> None:
    """Raise ``NotAllowed`` (naming the reason) unless ``besluit_id`` is a
    besluit that was *genomen* by a body whose mandate, on the date decided,
    allows changing ``kader`` (or any genomen besluit when ``kader`` is None).
    Raise ``NotFound`` when there is no such besluit."""
    besluit = executor.load(Besluit, besluit_id, "besluit")
    if besluit.status != "genomen" or besluit.datum is None:
        raise NotAllowed(f"besluit {besluit.kenmerk} is {besluit.status}, niet genomen: het geeft geen gezag")
    if kader is None:
        return
    gremium = executor.load(Gremium, gremium_id(besluit.gremium), f"gremium {besluit.gremium}")
    if not executor.exists(mandaat_id(besluit.regio)):
        raise NotAllowed(
            f"regio {besluit.regio} heeft geen mandaatregeling; besluit {besluit.kenmerk} geeft geen gezag"
        )
    regeling = executor.load(Mandaatregeling, mandaat_id(besluit.regio), "mandaatregeling")
    feit = GremiumFeit(gremium.code, gremium.type, "actief", None)  # the body was active when it decided
    try:
        regeling.toets(feit, [f"kader_{kader}"], besluit.datum, lambda _code: True)
    except MandateRefused as refused:
        raise NotAllowed(
            f"besluit {besluit.kenmerk} van {gremium.code} geeft geen gezag om de {kader}e kaders te wijzigen"
            f" (mandaatregel {refused.rule})"
        ) from None


def check_besluit(executor: Executor, envelope: Envelope) -> None:
    """A change made on the authority of the envelope's besluit: it must be genomen."""
    besluit = envelope.besluit()
    if besluit is not None:
        require_authorizing_besluit(executor, besluit, None)

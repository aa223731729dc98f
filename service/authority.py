"""Cross-area contract: may a change be made on the authority of a besluit?

The programme (budget beyond the kaders), the plans (regional points adopted
by a besluit) and governance share this one question. Implemented by the
governance area against its ``Besluit`` aggregate and mandate rules.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from service.commands.base import Executor

Kader = Literal["inhoudelijk", "financieel"]


def require_authorizing_besluit(executor: Executor, besluit_id: UUID, kader: Kader | None) -> None:
    """Raise ``NotAllowed`` (naming the reason) unless ``besluit_id`` is a
    besluit that was *genomen* by a body whose mandate, on the date decided,
    allows changing ``kader`` (or any genomen besluit when ``kader`` is None).
    Raise ``NotFound`` when there is no such besluit."""
    raise NotImplementedError("implemented by the governance area (issue 4)")

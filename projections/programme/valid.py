"""The valid time of the programme views (issue 16, migrations 0541-0544):
every version a programme projection writes carries ``geldig_op``, the date
in reality its event is about (see ``projections.temporal.VALID_TIME``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from projections import temporal
from projections.base import Position


def geldig(e: Any, pos: Position) -> dict[str, dt.date]:
    """The valid-time column of every row version this event writes."""
    return {"geldig_op": temporal.valid_on(e, pos.recorded_at)}

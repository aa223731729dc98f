"""The ``peildatum`` argument every root field with ``asOf`` takes (valid time,
issue 16): one description, one type. A resolver reads its views inside
:func:`projections.temporal.valid_time`; see docs/history-and-audit.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

PEILDATUM = (
    "Lees de toestand zoals die was op deze datum in werkelijkheid (geldige tijd), zoals nu bekend;"
    " met asOf: zoals op dat moment bekend. Leeg = de laatste stand."
)
Peildatum = Annotated[dt.date | None, strawberry.argument(description=PEILDATUM)]

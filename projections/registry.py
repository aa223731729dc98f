"""Every view the projector feeds. Add a new projection here."""

from __future__ import annotations

from projections.base import Projection
from projections.regio import RegioProjection


def all_projections() -> list[Projection]:
    return [RegioProjection()]

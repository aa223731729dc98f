"""Every view the projector feeds. Add a new projection here."""

from __future__ import annotations

from projections.audit import AuditProjection
from projections.base import Projection
from projections.besluit_effecten import BesluitEffectenProjection
from projections.budget import BudgetProjection
from projections.governance_besluit import BesluitProjection
from projections.governance_gremia import GremiumProjection
from projections.governance_overleg import OverlegProjection
from projections.mijlpalen import MijlpaalProjection
from projections.plans import PlansProjection
from projections.programme import ProgrammeProjection
from projections.regio import RegioProjection
from projections.risks import RiskProjection
from projections.woo import WooProjection


def all_projections() -> list[Projection]:
    return [
        RegioProjection(),
        AuditProjection(),
        PlansProjection(),
        GremiumProjection(),
        OverlegProjection(),
        BesluitProjection(),
        BesluitEffectenProjection(),
        ProgrammeProjection(),
        MijlpaalProjection(),
        BudgetProjection(),
        RiskProjection(),
        WooProjection(),
    ]

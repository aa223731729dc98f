"""Every view the projector feeds. Add a new projection here."""

from __future__ import annotations

from projections.base import Projection
from projections.governance.besluit import BesluitProjection
from projections.governance.besluit_effecten import BesluitEffectenProjection
from projections.governance.gremia import GremiumProjection
from projections.governance.overleg import OverlegProjection
from projections.history.audit import AuditProjection
from projections.plans.views import PlansProjection
from projections.programme.begroting import BudgetProjection
from projections.programme.mijlpalen import MijlpaalProjection
from projections.programme.programma import ProgrammeProjection
from projections.programme.risico import RiskProjection
from projections.regio import RegioProjection
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

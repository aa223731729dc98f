"""The domain's closed lists as GraphQL enums: one definition, no copy.

``strawberry.enum`` registers each ``domain.vocabulary`` class as it is; the
GraphQL value names are the member names (SCREAMING_CASE) and the resolvers
keep returning the stored strings, which equal the members. Import the enums
from here (not from ``domain.vocabulary``) in GraphQL modules so that the
registration has happened before a type uses them.
"""

from __future__ import annotations

import inspect

import strawberry

from domain import vocabulary as v
from domain.vocabulary import (
    AdviseurSoort,
    AgendaSoort,
    AuditActie,
    BesluitRelatie,
    BesluitSoort,
    BesluitstapSoort,
    BesluitStatus,
    Bevoegdheid,
    DocumentNiveau,
    EigenaarSoort,
    FaseStatus,
    GremiumStatus,
    GremiumType,
    Kaderfilter,
    KoppelSoort,
    MijlpaalSoort,
    OntwikkelpuntStatus,
    OverlegStatus,
    PdcaFase,
    PlanningPrecisie,
    PlanningStatus,
    PlanningVorm,
    PlanStatus,
    ProgrammaFase,
    ProjectHerkomst,
    ProjectSoort,
    Publicatiestatus,
    RapportageSoort,
    RedenCategorie,
    RisicoStatus,
    RisicowijzigingSoort,
    Standpunt,
    Uitkomst,
    Voortgangssignaal,
)

ALL: tuple[type[v.Vocabulary], ...] = tuple(v.Vocabulary.__subclasses__())
"""Every domain vocabulary (the schema test checks each is used where its name appears)."""

for _cls in ALL:
    strawberry.enum(_cls, description=inspect.cleandoc(_cls.__doc__ or _cls.__name__))

__all__ = [
    "AdviseurSoort",
    "AgendaSoort",
    "AuditActie",
    "BesluitRelatie",
    "BesluitSoort",
    "BesluitStatus",
    "BesluitstapSoort",
    "Bevoegdheid",
    "DocumentNiveau",
    "EigenaarSoort",
    "FaseStatus",
    "GremiumStatus",
    "GremiumType",
    "Kaderfilter",
    "KoppelSoort",
    "MijlpaalSoort",
    "OntwikkelpuntStatus",
    "OverlegStatus",
    "PdcaFase",
    "PlanStatus",
    "PlanningPrecisie",
    "PlanningStatus",
    "PlanningVorm",
    "ProgrammaFase",
    "ProjectHerkomst",
    "ProjectSoort",
    "Publicatiestatus",
    "RapportageSoort",
    "RedenCategorie",
    "RisicoStatus",
    "RisicowijzigingSoort",
    "Standpunt",
    "Uitkomst",
    "Voortgangssignaal",
]

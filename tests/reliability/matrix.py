"""The authorization matrix: roles, the seeded objects they act on, plausible
arguments for every schema field, and how a response is classified."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from graphql import GraphQLEnumType, GraphQLNamedType

from domain.ontwikkelpunt import Kolommen
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.registry import Commands
from service.graphql.relay import to_global_id

OWN, OTHER, REGIO = "GM0307", "GM0308", "amersfoort"
SECRET = "Geheim concept-ontwikkelpunt van de eigen gemeente (reliability)"
ROLES = ("gemeente_own", "gemeente_other", "programmabureau", "overleg", "auditor", "secretaris", "projectleider")
"""Columns of the expectation table, in this order."""


@dataclass(frozen=True)
class Targets:
    """Ids of seeded objects of the own gemeente and of the regional programme."""

    values: dict[str, Any]
    gremium: str
    project: str
    secret: str
    """The doel of a concept ontwikkelpunt of the own gemeente: only the own
    gemeente and the readers of everything may ever see it."""


def _one(conn: psycopg.Connection[Any], query: str, *params: Any) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None, query
    return row[0]


def add_secret_point(commands: Commands) -> int:
    """A concept point of the own gemeente with a text found nowhere else."""
    gm = Principal("rel-matrix-gm", "GM", frozenset({"gemeente"}), gemeente=OWN)
    saved = commands.run(
        Envelope(principal=gm),
        VoegOntwikkelpuntToe(
            gemeente=OWN,
            periode="2025-2027",
            basisfunctie=1,
            thema="BF1-06",
            doel=SECRET,
            zelfscan_link=None,
            kolommen=Kolommen(),
        ),
    )
    return saved.position


def find_targets(url: str) -> Targets:
    with psycopg.connect(url) as conn:
        cur = "sys_to IS NULL"
        punt = _one(
            conn, f"SELECT punt_id FROM ontwikkelpunt_view WHERE {cur} AND gemeente=%s AND doel=%s", OWN, SECRET
        )
        secret = _one(conn, f"SELECT doel FROM ontwikkelpunt_view WHERE {cur} AND punt_id=%s", punt)
        regionaal = _one(conn, f"SELECT punt_id FROM regionaal_punt_view WHERE {cur} AND regio=%s", REGIO)
        mijlpaal = _one(conn, f"SELECT mijlpaal_id FROM mijlpaal_instantie_view WHERE {cur} AND gemeente=%s", OWN)
        besluit = _one(conn, f"SELECT besluit_id FROM besluit_view WHERE {cur} ORDER BY kenmerk")
        gremium, overleg = conn.execute(
            f"SELECT g.code, o.overleg_id FROM besluit_view b JOIN gremium_view g ON g.code=b.gremium AND g.{cur}"
            f" JOIN overleg_view o ON o.gremium=g.code AND o.{cur} WHERE b.besluit_id=%s AND b.{cur} LIMIT 1",
            (besluit,),
        ).fetchone() or ("", "")
        project = _one(conn, f"SELECT code FROM project_view WHERE {cur} AND programma='kgb-zhz' ORDER BY code")
    point_gid = to_global_id("Ontwikkelpunt", str(punt))
    values = {
        "gemeente": OWN, "gemeenten": OWN, "regio": REGIO, "periode": "2025-2027", "programma": "kgb-zhz",
        "project": project, "gremium": gremium, "ontwikkelpunt": point_gid, "mijlpaalId": str(mijlpaal),
        "voorgangerId": str(mijlpaal), "besluitId": str(besluit), "overlegId": str(overleg),
        "regionaalOntwikkelpunt": to_global_id("RegionaalOntwikkelpunt", str(regionaal)),
        "node.id": point_gid, "standVanZakenTijdlijn.id": point_gid, "mijlpaal.id": str(mijlpaal),
        "besluit.id": str(besluit), "overleg.id": str(overleg), "project.id": project,
        "basisfunctie": 1, "thema": "BF1-06", "jaren": 2023, "halfjaar": "2023-H1", "regel": "monitoring",
        "code": "rel-x", "kenmerk": "REL-1", "nummer": "R1",
    }  # fmt: skip
    return Targets(values=values, gremium=str(gremium), project=str(project), secret=str(secret))


def plausible(field: str, targets: Targets) -> Any:
    """The ``choose`` function of :func:`schema_walk.arguments`: seeded ids by
    name, a well-formed value by type, optional fields left out."""

    def choose(name: str, t: GraphQLNamedType) -> Any:
        if name.startswith("?"):
            return False
        for key in (f"{field}.{name}", name):
            if key in targets.values:
                return targets.values[key]
        if isinstance(t, GraphQLEnumType):
            return next(iter(t.values))
        by_type = {"Int": 1, "Float": 1.0, "Boolean": False, "Date": "2025-06-01", "Decimal": "10.00"}
        by_type |= {"DateTime": "2025-06-01T00:00:00Z", "ID": "00000000-0000-0000-0000-000000000001"}
        return by_type.get(t.name, "tekst")

    return choose


def classify(kind: str, name: str, status: int, body: dict[str, Any]) -> str:
    """``D`` refused by an authorization rule, ``A`` anything else."""
    assert status == 200, (name, status, body)
    codes = {str((e.get("extensions") or {}).get("code")) for e in body.get("errors") or []}
    assert "INTERNAL_ERROR" not in codes, (name, body)
    if "NOT_ALLOWED" in codes:
        return "D"
    result = (body.get("data") or {}).get(name)
    if kind == "mutation" and isinstance(result, dict) and result.get("__typename") == "NotAllowedError":
        return "D"
    return "A"


def claims(role: str, targets: Targets) -> dict[str, Any]:
    """Token claims of each column of the table."""
    if role.startswith("gemeente"):
        return {"role": "gemeente", "gemeente": OWN if role == "gemeente_own" else OTHER}
    if role == "secretaris":
        return {"role": role, "gremia": [targets.gremium]}
    if role == "projectleider":
        return {"role": role, "projecten": [targets.project]}
    return {"role": role}

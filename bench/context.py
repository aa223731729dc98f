"""What one benchmark run shares: the database, the service, tokens, the
figures collected so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.generate import Size
from bench.harness import Sample
from service.config import Settings

GRAPHQL = "/v1/graphql"
ERRORS: list[str] = []  # the first few failed answers, for the report


@dataclass
class Row:
    """One line of the report: a figure beside its same-run reference."""

    benchmark: str
    case: str
    figure: dict[str, Any]
    reference_name: str = ""
    reference: dict[str, Any] | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.reference:
            return None
        ours, theirs = self.figure.get("per_s"), self.reference.get("per_s")
        if not ours or not theirs:
            return None
        return round(float(ours) / float(theirs), 3)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ratio": self.ratio}


@dataclass
class Bench:
    size: Size
    duration_s: float
    maintenance_url: str
    url: str
    data_dir: Path
    settings: Settings
    base: str = ""
    uncached: str = ""  # a second service process: response cache off, no projector
    tokens: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  {row.benchmark:<12} {row.case:<48} {row.figure}  ref={row.reference}  ratio={row.ratio}", flush=True)
        return row


def summary(sample: Sample) -> dict[str, Any]:
    return sample.summary()


async def post_graphql(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """POST one GraphQL request; the body, or None when it failed."""
    response = await client.post(
        GRAPHQL, json={"query": query, "variables": variables or {}}, headers={"authorization": f"Bearer {token}"}
    )
    body: dict[str, Any] = response.json() if response.status_code == 200 else {}
    if response.status_code != 200 or body.get("errors"):
        if len(ERRORS) < 5:
            ERRORS.append(f"{response.status_code}: {response.text[:300]}")
        return None
    return body

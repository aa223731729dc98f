"""The compiled full plan is one SQL statement, whatever the size of the plan
(the statement-count bound of issue 7, tightened), and it is the compiled path
that answers (not graphql-core's)."""

from __future__ import annotations

import httpx

from service.runtime import Runtime
from tests.api.test_statement_count import LARGE, SMALL, big, count, counting
from tests.conftest import TokenFactory

__all__ = ["big", "counting"]  # the fixtures, shared with the statement-count test

PLAN = """query($g: String!) { ontwikkelplan(gemeente: $g) { id titel ontwikkelpunten { id doel hygiene
  deelstappen { id tekst } laatsteStandVanZaken { peildatum signaal } mijlpalen { titel status } }
  regionaleOntwikkelpunten { id voortgang { gemeente laatsteStandVanZaken { tekst } } } } }"""


async def test_the_compiled_full_plan_is_one_statement_for_20_and_for_200_points(
    client: httpx.AsyncClient, runtime: Runtime, token: TokenFactory, big: None, counting: None
) -> None:
    pb = token("programmabureau")
    small, klein = await count(client, pb, PLAN, {"g": SMALL})
    large, groot = await count(client, pb, PLAN, {"g": LARGE})
    punten = groot["ontwikkelplan"]["ontwikkelpunten"]
    assert (len(klein["ontwikkelplan"]["ontwikkelpunten"]), len(punten)) == (20, 200)
    assert all(len(p["mijlpalen"]) == 1 for p in punten)
    # the plan statement, the response cache's position lookup and the pool's two connection checks
    assert small == large == 4
    routes = client._transport.app.routes  # type: ignore[attr-defined]
    graphql = next(r for r in routes if getattr(r, "path", "") == "/graphql")
    assert graphql.endpoint.schema.compiled_reads.answered == 2

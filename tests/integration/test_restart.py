"""Events written before a SIGKILL of a running service are all there after
it restarts: a command answers only after its events are committed."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import httpx

from service.access.auth import issue_development_token
from service.config import Settings
from service.store.database import Database
from tests.integration.processes import head, serving, stop

REGISTREER_REGIO = """mutation($input: RegistreerRegioInput!) {
  registreerRegio(input: $input) { __typename ... on RegioPayload { version position } }
}"""
REGISTREER_GEMEENTE = """mutation($input: RegistreerGemeenteInput!) {
  registreerGemeente(input: $input) { __typename ... on RegioPayload { version position } }
}"""
REGIOS = "query($p: Int) { regios(minPosition: $p) { code gemeenten { code } } }"


def post(base: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_events_written_before_a_sigkill_are_all_there_after_a_restart(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    token = issue_development_token(settings, roles=["programmabureau"], name="Pim Programmabureau")
    log = tmp_path / "serve.log"
    codes = [f"GM{n:04d}" for n in range(301, 321)]
    with serving(database.url, tmp_path, log) as (base, proc):
        done = post(base, token, REGISTREER_REGIO, {"input": {"code": "r", "naam": "Regio"}})
        position = done["registreerRegio"]["position"]
        for code in codes:
            result = post(base, token, REGISTREER_GEMEENTE, {"input": {"regio": "r", "code": code, "naam": code}})
            assert result["registreerGemeente"]["__typename"] == "RegioPayload"
            position = result["registreerGemeente"]["position"]
        assert stop(proc, signal.SIGKILL) == -signal.SIGKILL
    assert head(database.url) == position == 1 + len(codes)

    with serving(database.url, tmp_path, log) as (base, _):
        data = post(base, token, REGIOS, {"p": position})
        assert data["regios"] == [{"code": "r", "gemeenten": [{"code": c} for c in codes]}]
        more = post(base, token, REGISTREER_GEMEENTE, {"input": {"regio": "r", "code": "GM0999", "naam": "Nieuw"}})
        assert more["registreerGemeente"]["version"] == 2 + len(codes)

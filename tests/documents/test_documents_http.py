"""Plan documents and overviews over HTTP: the bearer token, the same
visibility as GraphQL, the upload with a dry run, refusals as problem+json."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from service.documents.export_xlsx import FIRST_ROW, SHEET
from service.runtime import Runtime
from tests.conftest import TokenFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ids_in(data: bytes) -> set[str]:
    ws = load_workbook(io.BytesIO(data))[SHEET]
    return {
        str(ws.cell(row=r, column=13).value)
        for r in range(FIRST_ROW, ws.max_row + 1)
        if ws.cell(row=r, column=13).value
    }


async def test_plan_download_and_upload_follow_the_graphql_rules(
    demo: Runtime, client: httpx.AsyncClient, token: TokenFactory
) -> None:
    own = {"authorization": f"Bearer {token('gemeente', 'GM0317')}"}
    other = {"authorization": f"Bearer {token('gemeente', 'GM0307')}"}
    assert (await client.get("/export/plan/GM0317.xlsx")).status_code == 401

    mine = await client.get("/export/plan/GM0317.xlsx", headers=own)
    assert mine.status_code == 200 and mine.headers["content-type"] == XLSX
    assert "ontwikkelplan-GM0317-2025-2027.xlsx" in mine.headers["content-disposition"]
    # GM0317's plan is a concept: another gemeente does not see it at all
    hidden = await client.get("/export/plan/GM0317.xlsx", headers=other)
    assert hidden.status_code == 404 and hidden.headers["content-type"] == "application/problem+json"
    # Amersfoort's plan is vastgesteld: GM0317 sees it, without its concept point
    theirs = await client.get("/export/plan/GM0307.xlsx", headers=own)
    full = await client.get("/export/plan/GM0307.xlsx", headers=other)
    assert theirs.status_code == full.status_code == 200
    assert ids_in(theirs.content) < ids_in(full.content)
    docx = await client.get("/export/plan/GM0307.docx", headers=other)
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    before = await client.get("/export/plan/GM0307.xlsx", headers=other, params={"asOf": "2001-01-01T00:00:00Z"})
    assert before.status_code == 404

    upload = await client.post(
        "/import/plan/GM0317", params={"bestand": "GM0317.xlsx", "dryRun": "true"}, content=mine.content, headers=own
    )
    assert upload.status_code == 200, upload.text
    assert upload.json()["ok"] and upload.json()["wijzigingen"] == [] and upload.json()["proef"]
    refused = await client.post("/import/plan/GM0317", params={"bestand": "x.xlsx"}, content=b"not a zip", headers=own)
    assert refused.status_code == 400 and "bestand geweigerd" in refused.json()["detail"]
    forbidden = await client.post(
        "/import/plan/GM0307", params={"bestand": "GM0307.xlsx"}, content=full.content, headers=own
    )
    assert forbidden.status_code == 403 and forbidden.json()["detail"].startswith("een gemeente mag alleen")


async def test_overviews_download_as_workbooks(demo: Runtime, client: httpx.AsyncClient, token: TokenFactory) -> None:
    pb = {"authorization": f"Bearer {token('programmabureau')}"}
    for path, params in (
        ("/export/regiobeeld/amersfoort.xlsx", {}),
        ("/export/mijlpalenplanning.xlsx", {"programma": "zhz-jeugd"}),
        ("/export/mijlpalenplanning.xlsx", {}),
        ("/export/besluitenlijst.xlsx", {"regio": "amersfoort"}),
    ):
        response = await client.get(path, params=params, headers=pb)
        assert response.status_code == 200, (path, response.text)
        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws is not None and ws.cell(row=3, column=1).value
    regiobeeld = load_workbook(io.BytesIO((await client.get("/export/regiobeeld/amersfoort.xlsx", headers=pb)).content))
    assert regiobeeld.active is not None and regiobeeld.active.max_row >= 3 + 7 * 5
    planning = load_workbook(io.BytesIO((await client.get("/export/mijlpalenplanning.xlsx", headers=pb)).content))
    assert planning.active is not None and planning.active.max_row > 3
    besluiten = load_workbook(io.BytesIO((await client.get("/export/besluitenlijst.xlsx", headers=pb)).content))
    assert besluiten.active is not None and besluiten.active.max_row > 3
    bad = await client.get("/export/besluitenlijst.xlsx", params={"van": "gisteren"}, headers=pb)
    assert bad.status_code == 400


async def test_the_planning_and_regiobeeld_workbooks_read_as_they_stood_on_a_peildatum(
    demo: Runtime, client: httpx.AsyncClient, token: TokenFactory
) -> None:
    """``?peildatum=`` means what it means in GraphQL: the view as it stood on that date, judged on it."""
    pb = {"authorization": f"Bearer {token('programmabureau')}"}

    async def sheet(path: str, peildatum: str | None) -> Any:
        params = {"peildatum": peildatum} if peildatum else {}
        response = await client.get(path, params=params, headers=pb)
        assert response.status_code == 200, response.text
        return load_workbook(io.BytesIO(response.content)).active

    today = dt.date.today().isoformat()
    for path in ("/export/mijlpalenplanning.xlsx", "/export/regiobeeld/amersfoort.xlsx"):
        now, dated, before = await sheet(path, None), await sheet(path, today), await sheet(path, "2000-01-01")
        assert now.max_row == dated.max_row > 3, path
        assert "zoals op 01-01-2000" in before.cell(row=2, column=1).value
    planning = await sheet("/export/mijlpalenplanning.xlsx", "2000-01-01")
    assert planning.max_row == 3  # nothing was planned yet on that date
    assert planning.cell(row=2, column=1).value.endswith("beoordeeld op 01-01-2000")

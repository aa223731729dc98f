"""The pack as an authenticated download and the dashboard's fragments: a
token is required, and each reader sees only what the visibility rules allow
(a gemeente does not see another gemeente's concept points)."""

from __future__ import annotations

import io

import httpx
from pypdf import PdfReader

from domain.principal import Principal
from service.documents.reading import context_for
from service.report.data import REGIOBEELD, gather, run
from service.runtime import Runtime
from tests.conftest import TokenFactory

PB = Principal("pb-report", "Programmabureau", frozenset({"programmabureau"}))


async def _concept_elsewhere(demo: Runtime) -> tuple[str, str, int]:
    """A gemeente (not Amersfoort) with concept points the programme office sees."""
    cells = (await run(context_for(demo, PB), REGIOBEELD, {"regio": "amersfoort"}))["regiobeeld"]
    totals: dict[tuple[str, str], int] = {}
    for c in cells:
        if c["gemeente"] != "GM0307":
            totals[(c["gemeente"], c["naam"])] = totals.get((c["gemeente"], c["naam"]), 0) + c["concept"]
    (code, naam), count = max(totals.items(), key=lambda kv: kv[1])
    assert count > 0, "the demo has concept points in another gemeente"
    return code, naam, count


async def test_the_pack_download_needs_a_token_and_is_a_pdf(
    demo: Runtime, client: httpx.AsyncClient, token: TokenFactory
) -> None:
    anonymous = await client.get("/export/overleg/zhz-bo.pdf")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    bad = await client.get("/export/overleg/zhz-bo.pdf", headers={"authorization": "Bearer nope"})
    assert bad.status_code == 401
    auth = {"authorization": f"Bearer {token('programmabureau')}"}
    response = await client.get("/export/overleg/zhz-bo.pdf", headers=auth)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "agendapakket-zhz-bo-" in response.headers["content-disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Genomen besluiten" in " ".join(text.split())
    missing = await client.get("/export/overleg/bestaat-niet.pdf", headers=auth)
    assert missing.status_code == 404


async def test_a_gemeente_sees_no_concept_points_of_another_gemeente(
    demo: Runtime, client: httpx.AsyncClient, token: TokenFactory
) -> None:
    code, naam, count = await _concept_elsewhere(demo)
    pb = {"authorization": f"Bearer {token('programmabureau')}"}
    gm = {"authorization": f"Bearer {token('gemeente', gemeente='GM0307')}"}

    seen_by_pb = (await client.get(f"/dashboard/fragment/gemeente/{code}", headers=pb)).text
    seen_by_gm = (await client.get(f"/dashboard/fragment/gemeente/{code}", headers=gm)).text
    assert naam in seen_by_pb and "<svg" in seen_by_pb
    # the programme office sees the other gemeente's series; Amersfoort is refused it
    assert "een gemeente ziet alleen de eigen voortgangsreeks" in seen_by_gm
    assert "een gemeente ziet alleen de eigen voortgangsreeks" not in seen_by_pb

    # the pack's regiobeeld, as each reader's pack holds it
    ctx_gm = context_for(demo, Principal("official-amersfoort", "A", frozenset({"gemeente"}), gemeente="GM0307"))
    pack_of_gm = await gather(ctx_gm, "zhz-bo")
    pack_of_pb = await gather(context_for(demo, PB), "zhz-bo")
    assert sum(c["concept"] for c in pack_of_pb.regiobeeld.rows if c["gemeente"] == code) == count
    assert sum(c["concept"] for c in pack_of_gm.regiobeeld.rows if c["gemeente"] == code) == 0
    assert sum(c["concept"] for c in pack_of_gm.regiobeeld.rows if c["gemeente"] == "GM0307") > 0

    pack_pb = await client.get("/export/overleg/zhz-bo.pdf", headers=pb)
    pack_gm = await client.get("/export/overleg/zhz-bo.pdf", headers=gm)
    assert pack_pb.status_code == pack_gm.status_code == 200
    text_pb = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack_pb.content)).pages).split())
    text_gm = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack_gm.content)).pages).split())
    # per-gemeente series: the office has the other gemeente's, Amersfoort's pack says it is not visible
    refused = "een gemeente ziet alleen de eigen voortgangsreeks"
    assert f"{naam}: Niet zichtbaar voor u: {refused}" in text_gm
    assert refused not in text_pb


async def test_the_dashboard_shell_is_public_strict_and_has_no_data(client: httpx.AsyncClient) -> None:
    page = await client.get("/dashboard")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "http" not in csp
    assert '<script src="/dashboard/app.js"' in page.text
    script = await client.get("/dashboard/app.js")
    assert script.status_code == 200 and "sessionStorage" in script.text
    assert (await client.get("/dashboard/fragment/programma")).status_code == 401


async def test_graphiql_is_served_without_the_internet(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "unpkg.com" not in page.text and "/static/graphiql/graphiql.min.js" in page.text
    csp = page.headers["content-security-policy"]
    assert "https:" not in csp and "unpkg" not in csp
    js = await client.get("/static/graphiql/graphiql.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert (await client.get("/static/graphiql/../app.py")).status_code == 404

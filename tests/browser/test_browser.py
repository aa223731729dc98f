"""In a real browser (Debian's headless ``chromium``, driven over the Chrome
DevTools protocol, no internet): GraphiQL loads from the service's own assets
and runs a query with a token; the dashboard signs in with a pasted token and
draws its charts for the programme, a regio and a gemeente. Screenshots go to
``test-output/browser/``. Without a browser the test says so and is skipped
(install it with ``apt-get install chromium``); nothing else skips it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from service.app import create_app
from service.config import Settings
from service.demo.seed import seed_demo
from service.runtime import Runtime
from tests.browser.cdp import Page, browser, open_page
from tests.conftest import TokenFactory
from tests.servers import serving

OUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
pytestmark = pytest.mark.skipif(
    browser() is None, reason="no chromium on this machine (apt-get install chromium): the browser test cannot run"
)


def _not_blank(png: bytes) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((160, 120))
    colours = image.getcolors(maxcolors=160 * 120) or []
    assert len(colours) > 20, f"screenshot looks blank ({len(colours)} colours)"


def _no_csp_violation(page: Page) -> None:
    blocked = [p for p in page.problems() if "Content Security Policy" in p or "Refused to" in p]
    assert not blocked, blocked


@pytest.fixture
def server(sync_runtime: Runtime, settings: Settings) -> Iterator[str]:
    seed_demo(sync_runtime)
    sync_runtime.projector().catch_up()
    with serving(create_app(settings)) as host:
        yield host


def test_graphiql_runs_a_query_with_a_token_offline(server: str, token: TokenFactory) -> None:
    query = "{ regios { code naam gemeenten { naam } } }"
    headers = json.dumps({"Authorization": f"Bearer {token('programmabureau')}"})
    with open_page() as page:
        page.goto(f"http://{server}/graphql?q={quote(query)}&headers={quote(headers)}")
        page.wait_for("!!document.querySelector('.graphiql-execute-button')")
        page.evaluate("document.querySelector('.graphiql-execute-button').click()")
        result = page.wait_for(
            "(() => { const r = document.querySelector('.result-window');"
            " return r && r.innerText.includes('Amersfoort') ? r.innerText : ''; })()"
        )
        png = page.screenshot(OUT / "graphiql-query.png")
        _no_csp_violation(page)
    assert '"regios"' in result and "Zuid-Holland Zuid" in result
    _not_blank(png)


def test_the_dashboard_draws_its_charts_for_programme_regio_and_gemeente(server: str, token: TokenFactory) -> None:
    with open_page(1280, 1400) as page:
        page.goto(f"http://{server}/dashboard#programma")
        page.wait_for("!document.getElementById('aanmelden').hidden")
        page.evaluate(
            f"document.getElementById('token').value = {json.dumps(token('programmabureau'))};"
            " document.querySelector('#aanmelden button').click(); true"
        )
        page.wait_for("document.querySelectorAll('#gantt svg rect').length > 10")
        _not_blank(page.screenshot(OUT / "dashboard-programma.png"))
        page.evaluate("document.querySelector('a[href=\"#regio/amersfoort\"]').click(); true")
        page.wait_for("document.querySelectorAll('#regiobeeld svg rect').length >= 35")
        cells = page.evaluate("document.querySelectorAll('#regiobeeld svg rect').length")
        series = page.evaluate("document.querySelectorAll('#reeksen svg').length")
        shapes = page.evaluate("document.querySelectorAll('#regiobeeld svg circle, #regiobeeld svg polygon').length")
        _not_blank(page.screenshot(OUT / "dashboard-regio.png"))
        page.evaluate("document.querySelector('a[href=\"#gemeente/GM0307\"]').click(); true")
        page.wait_for("document.getElementById('inhoud').dataset.view === 'gemeente/GM0307'")
        page.wait_for("document.querySelectorAll('#gantt svg rect').length > 3")
        title = page.evaluate("document.querySelector('#regiobeeld h2').textContent")
        _not_blank(page.screenshot(OUT / "dashboard-gemeente.png"))
        _no_csp_violation(page)
    assert cells >= 35 and series == 5 and shapes > 0
    assert title == "Amersfoort per basisfunctie"

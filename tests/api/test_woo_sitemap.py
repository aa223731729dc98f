"""The public Woo sitemap: /sitemap.xml (index) and its sitemaps with DiWoo metadata list
exactly the besluiten whose Woo status is gepubliceerd, without a token."""

from __future__ import annotations

import asyncio
import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest

from domain.besluit import besluit_id
from domain.principal import Principal
from service.commands.base import Envelope
from service.commands.governance.besluit import StelBesluitVoor, WijzigWooStatus
from service.demo.governance import seed_governance
from service.demo.seed import seed_regios
from service.runtime import Runtime

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "diwoo": "https://standaarden.overheid.nl/diwoo/metadata/"}
PB = Principal("pb-1", "PB", frozenset({"programmabureau"}))
KADER = besluit_id("zhz", "ZHZ-BO-2022-04")  # published in the demo
MERGE = besluit_id("zhz", "ZHZ-PFO-2021-08")  # genomen, not published in the demo


async def _settle(runtime: Runtime, work: Any) -> None:
    def run() -> int:
        work()
        return runtime.app.recorder.max_notification_id() or 0

    assert await runtime.wait_for_views(await asyncio.to_thread(run))


async def _entries(client: httpx.AsyncClient) -> dict[str, ET.Element]:
    index = await client.get("/sitemap.xml")
    assert index.status_code == 200 and index.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(index.content)  # noqa: S314 - our own answer; valid XML, or this raises
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    found: dict[str, ET.Element] = {}
    for loc in root.findall("s:sitemap/s:loc", NS):
        assert loc.text is not None
        page = await client.get(loc.text.removeprefix("http://testserver"))
        assert page.status_code == 200
        for url in ET.fromstring(page.content).findall("s:url", NS):  # noqa: S314 - our own answer
            found[url.findtext("s:loc", namespaces=NS) or ""] = url
    return found


def _loc(bid: object) -> str:
    return f"http://testserver/woo/besluiten/{bid}"


@pytest.fixture
async def demo(runtime: Runtime) -> Runtime:
    def seed() -> None:
        seed_regios(runtime)
        seed_governance(runtime)

    await _settle(runtime, seed)
    return runtime


async def test_the_sitemap_lists_only_the_published_besluit_with_its_diwoo_metadata_without_a_token(
    demo: Runtime, client: httpx.AsyncClient
) -> None:
    entries = await _entries(client)
    assert list(entries) == [_loc(KADER)]
    meta = entries[_loc(KADER)].find("diwoo:Document/diwoo:DiWoo", NS)
    assert meta is not None
    assert meta.findtext("diwoo:identifiers/diwoo:identifier", namespaces=NS) == "ZHZ-BO-2022-04"
    titel = meta.findtext("diwoo:titelcollectie/diwoo:officieleTitel", namespaces=NS) or ""
    assert titel.startswith("Kader voor lokale teams")
    categorie = meta.find("diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie", NS)
    assert categorie is not None and categorie.get("resource", "").endswith("/c_3a248e3a")
    assert meta.find("diwoo:publisher", NS) is not None and meta.findtext("diwoo:publisher", namespaces=NS)
    handeling = meta.find("diwoo:documenthandelingen/diwoo:documenthandeling", NS)
    assert handeling is not None and (handeling.findtext("diwoo:atTime", namespaces=NS) or "").startswith("2022-")
    assert entries[_loc(KADER)].findtext("s:lastmod", namespaces=NS) == "2022-10-27"
    page = await client.get(f"/woo/besluiten/{KADER}")
    assert page.status_code == 200 and "ZHZ-BO-2022-04" in page.text
    assert (await client.get(f"/woo/besluiten/{MERGE}")).status_code == 404
    assert (await client.get("/sitemaps/sitemapindex-diwoo-infocat009.xml")).status_code == 200


async def test_a_besluit_appears_when_published_and_disappears_when_withdrawn(
    demo: Runtime, client: httpx.AsyncClient
) -> None:
    gov, cmd = demo.commands, Envelope(principal=PB, toelichting="woo")
    await _settle(
        demo,
        lambda: gov.run(
            cmd, WijzigWooStatus(besluit=MERGE, status="gepubliceerd", datum=dt.date(2022, 2, 1), grond=None)
        ),
    )
    assert set(await _entries(client)) == {_loc(KADER), _loc(MERGE)}
    await _settle(
        demo,
        lambda: gov.run(cmd, WijzigWooStatus(besluit=MERGE, status="niet_openbaar", datum=None, grond="intern beraad")),
    )
    await _settle(
        demo, lambda: gov.run(cmd, WijzigWooStatus(besluit=KADER, status="te_publiceren", datum=None, grond=None))
    )
    assert await _entries(client) == {}
    assert (await client.get(f"/woo/besluiten/{KADER}")).status_code == 404


async def test_nothing_proposed_or_unpublished_is_ever_in_the_sitemap_or_its_table(
    demo: Runtime, client: httpx.AsyncClient
) -> None:
    gov, cmd = demo.commands, Envelope(principal=PB, toelichting="concept")
    await _settle(
        demo,
        lambda: gov.run(
            cmd,
            StelBesluitVoor(
                regio="zhz",
                kenmerk="ZHZ-AO-CONCEPT",
                onderwerp="Geheim concept",
                gremium="zhz-ao",
                beslispunten=["iets"],
            ),
        ),
    )
    body = b"".join(
        [(await client.get("/sitemap.xml")).content, (await client.get("/sitemaps/besluiten-1.xml")).content]
    )
    assert b"Geheim concept" not in body and b"ZHZ-AO-CONCEPT" not in body
    concept = besluit_id("zhz", "ZHZ-AO-CONCEPT")
    with pytest.raises(Exception, match="publiceren"):
        gov.run(cmd, WijzigWooStatus(besluit=concept, status="gepubliceerd", datum=dt.date(2022, 2, 1), grond=None))
    async with demo.pool.connection() as conn:
        rows = await (await conn.execute("SELECT besluit_id FROM woo_publicatie_view WHERE sys_to IS NULL")).fetchall()
    assert [r[0] for r in rows] == [KADER]

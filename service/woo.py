"""Woo publication: the public, unauthenticated sitemap of published besluiten.

* ``GET /sitemap.xml``: the sitemap index (sitemaps.org), also at
  ``/sitemaps/sitemapindex-diwoo-infocat009.xml`` (the Woo harvester's naming
  convention for informatiecategorie 009, "Agenda's en besluitenlijsten
  bestuurscolleges");
* ``GET /sitemaps/besluiten-{n}.xml``: a sitemap of at most 50 000 published
  besluiten, each ``<url>`` with DiWoo metadata (``diwoo:Document``): identifier
  (kenmerk and id), officiële titel, publisher (the regio), opsteller (the
  gremium), informatiecategorie, documenthandeling vaststelling with its date;
* ``GET /woo/besluiten/{id}``: the public page a sitemap entry points at.

Everything reads only ``woo_publicatie_view`` (``projections/woo.py``), which
holds exactly the besluiten whose Woo status is ``gepubliceerd``; a besluit that
is withdrawn disappears with the next projected event. No token is needed and
nothing else is read. See docs/api.md, "Woo-publicatie".
"""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from projections import woo as view
from service.http import problem
from service.runtime import Runtime

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/"
INFOCATEGORIE = (TOOI + "c_3a248e3a", "agenda's en besluitenlijsten bestuurscolleges")
VASTSTELLING = (TOOI + "c_641ecd76", "vaststelling")
PER_SITEMAP = 50_000
XML = "application/xml; charset=utf-8"

ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("diwoo", DIWOO_NS)


def _s(tag: str) -> str:
    return f"{{{SITEMAP_NS}}}{tag}"


def _d(tag: str) -> str:
    return f"{{{DIWOO_NS}}}{tag}"


def _xml(root: ET.Element) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=XML, headers={"cache-control": "public, max-age=300"})


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def diwoo_url(urlset: ET.Element, base: str, p: view.Publicatie) -> None:
    """One ``<url>`` with the DiWoo metadata of a published besluit."""
    url = _sub(urlset, _s("url"))
    _sub(url, _s("loc"), f"{base}/woo/besluiten/{p.besluit_id}")
    _sub(url, _s("lastmod"), p.gepubliceerd_op.isoformat())
    meta = _sub(_sub(url, _d("Document")), _d("DiWoo"))
    ids = _sub(meta, _d("identifiers"))
    _sub(ids, _d("identifier"), p.kenmerk)
    _sub(ids, _d("identifier"), f"urn:uuid:{p.besluit_id}")
    _sub(meta, _d("publisher"), p.regio_naam, resource=f"{base}/woo/organisaties/{p.regio}")
    _sub(meta, _d("opsteller"), p.gremium_naam, resource=f"{base}/woo/organisaties/{p.regio}/{p.gremium}")
    _sub(meta, _d("language"), "Nederlands", resource="http://publications.europa.eu/resource/authority/language/NLD")
    _sub(_sub(meta, _d("titelcollectie")), _d("officieleTitel"), p.onderwerp)
    cats = _sub(_sub(meta, _d("classificatiecollectie")), _d("informatiecategorieen"))
    _sub(cats, _d("informatiecategorie"), INFOCATEGORIE[1], resource=INFOCATEGORIE[0])
    handeling = _sub(_sub(meta, _d("documenthandelingen")), _d("documenthandeling"))
    _sub(handeling, _d("soortHandeling"), VASTSTELLING[1], resource=VASTSTELLING[0])
    _sub(handeling, _d("atTime"), f"{(p.besluit_datum or p.gepubliceerd_op).isoformat()}T00:00:00")


async def _read(runtime: Runtime, fn: Any, *args: Any) -> Any:
    async with runtime.pool.connection() as conn:
        assert isinstance(conn, AsyncConnection)
        async with conn.transaction():
            await conn.execute("SET TRANSACTION READ ONLY")
            return await fn(conn, *args)


def woo_routes(runtime_ref: dict[str, Runtime]) -> list[Route]:
    """The public Woo routes (no token: only published besluiten are ever read)."""

    async def index(request: Request) -> Response:
        count = await _read(runtime_ref["runtime"], view.aantal)
        root = ET.Element(_s("sitemapindex"))
        for n in range(1, max(1, math.ceil(count / PER_SITEMAP)) + 1):
            _sub(_sub(root, _s("sitemap")), _s("loc"), f"{_base(request)}/sitemaps/besluiten-{n}.xml")
        return _xml(root)

    async def sitemap(request: Request) -> Response:
        n = request.path_params["n"]
        if n < 1:
            return problem(404, "Niet gevonden", "deze sitemap bestaat niet")
        rows = await _read(runtime_ref["runtime"], view.publicaties, (n - 1) * PER_SITEMAP, PER_SITEMAP)
        if n > 1 and not rows:
            return problem(404, "Niet gevonden", "deze sitemap bestaat niet")
        urlset = ET.Element(_s("urlset"))
        for p in rows:
            diwoo_url(urlset, _base(request), p)
        return _xml(urlset)

    async def besluit(request: Request) -> Response:
        try:
            besluit_id = UUID(request.path_params["id"])
        except ValueError:
            return problem(404, "Niet gevonden", "dit besluit is niet gepubliceerd")
        rows = await _read(runtime_ref["runtime"], view.publicaties, 0, 1, besluit_id)
        if not rows:
            return problem(404, "Niet gevonden", "dit besluit is niet gepubliceerd")
        p: view.Publicatie = rows[0]
        e = html.escape
        body = (
            f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>{e(p.onderwerp)}</title>'
            f"<h1>{e(p.onderwerp)}</h1><dl><dt>Kenmerk</dt><dd>{e(p.kenmerk)}</dd>"
            f"<dt>Besloten door</dt><dd>{e(p.gremium_naam)} ({e(p.regio_naam)})</dd>"
            f"<dt>Datum besluit</dt><dd>{p.besluit_datum or ''}</dd>"
            f"<dt>Gepubliceerd</dt><dd>{p.gepubliceerd_op}</dd></dl></html>"
        )
        return HTMLResponse(body, headers={"cache-control": "public, max-age=300"})

    return [
        Route("/sitemap.xml", index),
        Route("/sitemaps/sitemapindex-diwoo-infocat009.xml", index),
        Route("/sitemaps/besluiten-{n:int}.xml", sitemap),
        Route("/woo/besluiten/{id}", besluit),
    ]

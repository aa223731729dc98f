"""``/dashboard``: the pack's charts for the programme, a regio and a gemeente,
linked to each other, served by the service itself.

The page (``GET /dashboard``) is a shell without data: a field to paste a
token (development: ``voortgang token``; production: the identity provider's
access token), kept in the tab's ``sessionStorage``, and one script of our
own. The script fetches ``/dashboard/fragment/{programma|regio/CODE|gemeente/CODE}``
with that token as ``Authorization: Bearer``; those fragments are rendered
here, server-side, from the same GraphQL reads as the PDF
(:mod:`service.report.data`) as the token's principal, behind the guard of
every export. CSP: ``'self'`` only (no inline script or style)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from html import escape
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from domain.catalogue import template
from service.edge.headers import API_CSP
from service.graphql.context import Context
from service.http import problem
from service.report import charts
from service.report.data import (
    BEGROTING,
    GEMEENTEN,
    PLANNING,
    REGIOBEELD,
    RISICOS,
    QueryFailed,
    Section,
    _section,
    per_basisfunctie,
    programma_van,
    reeks_van,
    run,
)

STATIC = Path(__file__).resolve().parent.parent / "static" / "dashboard"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
SHELL = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voortgang: dashboard</title>
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header>
<h1>Voortgang</h1>
<nav class="links"><a href="#programma">Programma</a></nav>
<span id="status" role="status"></span>
<a href="#" id="afmelden">Afmelden</a>
</header>
<main>
<form id="aanmelden" hidden>
<h2>Aanmelden</h2>
<p>Plak uw token. In ontwikkeling: de uitvoer van <code>voortgang token --role programmabureau</code>
(of <code>--role gemeente --gemeente GM0307</code>); in productie: het toegangstoken van de
identiteitsprovider. Het token blijft alleen in dit tabblad.</p>
<label for="token">Token</label>
<textarea id="token" rows="4" autocomplete="off"></textarea>
<p><button type="submit">Aanmelden</button></p>
</form>
<div id="inhoud" aria-live="polite"></div>
</main>
</body>
</html>
"""
Guard = Callable[[Callable[[Request, Context], Awaitable[Response]]], Callable[[Request], Awaitable[Response]]]


def _kaart(titel: str, *body: str, id_: str = "") -> str:
    attr = f' id="{escape(id_)}"' if id_ else ""
    return f'<section class="kaart"{attr}><h2>{escape(titel)}</h2>{"".join(body)}</section>'


def _note(section: Section) -> str:
    return f'<p class="melding">{escape(section.note)}</p>' if section.note else ""


def _vandaag(request: Request) -> dt.date:
    raw = request.query_params.get("peildatum")
    return dt.date.fromisoformat(raw) if raw else dt.datetime.now(dt.UTC).date()


async def _reeksen(ctx: Context, vandaag: dt.date, gemeente: str | None) -> str:
    reeksen = await per_basisfunctie(ctx, reeks_van(vandaag), vandaag, None, gemeente)
    svgs = [_note(section) or charts.reeks(section.rows, label) for label, section in reeksen.items()]
    return '<div class="grafieken">' + "".join(svgs) + "</div>"


async def programma(ctx: Context, vandaag: dt.date) -> str:
    regios = (await run(ctx, GEMEENTEN, {}))["regios"]
    links = "".join(f'<a href="#regio/{escape(r["code"])}">{escape(r["naam"])}</a>' for r in regios)
    planning = await _section(ctx, PLANNING, {"programma": None, "p": vandaag.isoformat()}, "mijlpalenplanning")
    parts = [
        _kaart("Regio's", f'<nav class="links">{links}</nav>'),
        _kaart("Mijlpalenplanning", _note(planning), charts.gantt(planning.rows, vandaag), id_="gantt"),
    ]
    for regio in regios:
        p = await programma_van(ctx, regio["code"], None)
        if p is None:
            continue
        try:
            b = (await run(ctx, BEGROTING, {"programma": p["code"], "p": vandaag.isoformat()}))["begroting"]
        except QueryFailed as exc:
            parts.append(_kaart(f"Begroting {p['naam']}", f'<p class="melding">{escape(exc.message)}</p>'))
            b = None
        if b is not None:
            parts.append(_kaart(f"Begroting {p['naam']}", charts.begroting(b["regels"], b["jaren"])))
        risicos = await _section(ctx, RISICOS, {"programma": p["code"]}, "risicoregister")
        rows = "".join(
            f"<tr><td>{escape(r['nummer'])}</td><td>{escape(r['omschrijving'])}</td><td>{escape(r['status'])}</td></tr>"
            for r in risicos.rows
        )
        parts.append(
            _kaart(
                f"Risicoregister {p['naam']}",
                _note(risicos),
                f"<table><tr><th>Nr</th><th>Risico</th><th>Status</th></tr>{rows}</table>",
            )
        )
    return "".join(parts)


async def regio(ctx: Context, code: str, vandaag: dt.date) -> str:
    regios = {r["code"]: r for r in (await run(ctx, GEMEENTEN, {}))["regios"]}
    if code not in regios:
        return _kaart("Regio", '<p class="melding">Deze regio bestaat niet of is niet zichtbaar.</p>')
    cellen = await _section(ctx, REGIOBEELD, {"regio": code}, "regiobeeld", paged=False)
    names = {b.nummer: b.naam for b in template().basisfuncties}
    links = "".join(
        f'<a href="#gemeente/{escape(g["code"])}">{escape(g["naam"])}</a>' for g in regios[code]["gemeenten"]
    )
    return "".join(
        [
            _kaart(
                f"Regiobeeld {regios[code]['naam']}",
                '<nav class="links"><a href="#programma">Programma</a></nav>',
                _note(cellen),
                charts.heatmap(cellen.rows, names),
                id_="regiobeeld",
            ),
            _kaart("Gemeenten", f'<nav class="links">{links}</nav>'),
            _kaart("Voortgang in de tijd per basisfunctie", await _reeksen(ctx, vandaag, None), id_="reeksen"),
        ]
    )


async def gemeente(ctx: Context, code: str, vandaag: dt.date) -> str:
    regios = (await run(ctx, GEMEENTEN, {}))["regios"]
    found = next(((r, g) for r in regios for g in r["gemeenten"] if g["code"] == code), None)
    if found is None:
        return _kaart("Gemeente", '<p class="melding">Deze gemeente bestaat niet of is niet zichtbaar.</p>')
    r, g = found
    cellen = await _section(ctx, REGIOBEELD, {"regio": r["code"]}, "regiobeeld", paged=False)
    eigen = [c for c in cellen.rows if c["gemeente"] == code]
    names = {b.nummer: b.naam for b in template().basisfuncties}
    planning = await _section(ctx, PLANNING, {"programma": None, "p": vandaag.isoformat()}, "mijlpalenplanning")
    lokaal = [p for p in planning.rows if p["gemeente"] in (None, code)]
    nav = (
        '<nav class="links"><a href="#programma">Programma</a>'
        f'<a href="#regio/{escape(r["code"])}">{escape(r["naam"])}</a></nav>'
    )
    return "".join(
        [
            _kaart(f"{g['naam']} per basisfunctie", nav, _note(cellen), charts.heatmap(eigen, names), id_="regiobeeld"),
            _kaart("Voortgang in de tijd per basisfunctie", await _reeksen(ctx, vandaag, code), id_="reeksen"),
            _kaart("Mijlpalen", _note(planning), charts.gantt(lokaal, vandaag), id_="gantt"),
        ]
    )


async def fragment(request: Request, ctx: Context) -> Response:
    parts = request.path_params["view"].strip("/").split("/")
    vandaag = _vandaag(request)
    if parts == ["programma"]:
        body = await programma(ctx, vandaag)
    elif len(parts) == 2 and parts[0] == "regio":
        body = await regio(ctx, parts[1], vandaag)
    elif len(parts) == 2 and parts[0] == "gemeente":
        body = await gemeente(ctx, parts[1], vandaag)
    else:
        return problem(404, "Not Found", "kies programma, regio/CODE of gemeente/CODE", ctx.request_id)
    return HTMLResponse(body, headers={"content-security-policy": API_CSP, "cache-control": "no-store"})


async def shell(request: Request) -> Response:
    return HTMLResponse(SHELL, headers={"content-security-policy": CSP})


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    media = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
    if name not in media:
        return Response(status_code=404)
    return FileResponse(STATIC / name, media_type=media[name], headers={"content-security-policy": API_CSP})


def dashboard_routes(guarded: Guard) -> list[Route]:
    """The shell and its two assets (public: no data), the fragments (guarded)."""
    return [
        Route("/dashboard", shell, methods=["GET"]),
        Route("/dashboard/{name:str}", asset, methods=["GET"]),
        Route("/dashboard/fragment/{view:path}", guarded(fragment), methods=["GET"]),
    ]


__all__: list[Any] = ["dashboard_routes"]

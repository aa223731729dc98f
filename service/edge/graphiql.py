"""GraphiQL without internet: strawberry's page loads React, GraphiQL and the
explorer plugin from unpkg.com; here every such URL is rewritten to the copy
vendored in ``service/static/graphiql/`` (see its README for versions and
licences) and served by the service, so the page's CSP allows only ``'self'``
(plus the hashes of its inline script and style)."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from service.edge.headers import API_CSP

STATIC = Path(__file__).resolve().parent.parent / "static" / "graphiql"
PREFIX = "/static/graphiql/"
ASSETS = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js": "react-dom.production.min.js",
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "plugin-explorer.umd.js",
}
MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_URL = re.compile(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)["']""")


class UnknownAsset(RuntimeError):
    """The IDE page names an asset on the internet that is not vendored."""


def offline_html(html: str) -> str:
    """The page with every CDN asset pointing at the vendored copy; the
    ``integrity`` attributes stay (the copies are byte-identical)."""
    for url, name in ASSETS.items():
        html = html.replace(url, PREFIX + name)
    left = _URL.findall(html)
    if left:
        raise UnknownAsset(f"GraphiQL page loads {left}; vendor them in {STATIC} (see its README)")
    return html


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS.values():
        return Response(status_code=404, headers={"content-security-policy": API_CSP})
    return FileResponse(
        STATIC / name,
        media_type=MEDIA[Path(name).suffix],
        headers={"cache-control": "public, max-age=86400", "content-security-policy": API_CSP},
    )


def asset_routes() -> list[Route]:
    return [Route(PREFIX + "{name}", asset, methods=["GET", "HEAD"])]

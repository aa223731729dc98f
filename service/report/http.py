"""``GET /export/overleg/{gremium}.pdf[?van=…&tot=…][&asOf=…]``: the overleg's
pack as an authenticated download. Mounted by ``service.documents.http``
through the same guard as every export (bearer token, rate limit, Dutch
problem+json), read through the reader's :class:`Context`, so a gemeente's
pack holds only what that gemeente may see."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from service.commands.base import NotFound
from service.graphql.context import Context
from service.http import problem
from service.report.data import gather
from service.report.pdf import render


def instant(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def overleg_pdf(request: Request, ctx: Context) -> Response:
    gremium = request.path_params["gremium"]
    q = request.query_params
    try:
        pack = await gather(
            ctx, gremium, van=instant(q.get("van")), tot=instant(q.get("tot")), as_of=instant(q.get("asOf"))
        )
    except NotFound as exc:
        return problem(404, "Not Found", exc.message, ctx.request_id)
    name = f"agendapakket-{gremium}-{pack.peildatum.isoformat()}.pdf"
    return Response(
        render(pack), media_type="application/pdf", headers={"content-disposition": f'attachment; filename="{name}"'}
    )

"""HTTP routes for plan documents and overviews (mounted by ``service.app``).

* ``GET  /export/plan/{gemeente}.docx|.xlsx[?asOf=…][&peildatum=…]``: the plan as the template
* ``POST /import/plan/{gemeente}?bestand=NAAM.xlsx[&dryRun=true]``: the file as the body
* ``GET  /export/regiobeeld/{regio}.xlsx``, ``/export/mijlpalenplanning.xlsx``,
  ``/export/besluitenlijst.xlsx``: overviews, with the GraphQL fields' filters
* ``GET  /export/overleg/{gremium}.pdf``: the overleg's pack (``service.report``)
* ``GET  /dashboard``, ``/dashboard/...``: the dashboard (``service.report.dashboard``)

Every route needs the bearer token, counts against the same rate limit as
GraphQL, and reads through a :class:`Context` (``Context.db()``), so the
visibility rules are exactly those of GraphQL. Errors answer
``application/problem+json`` in Dutch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.errors import DomainError, NotAllowed, ValidationFailed
from projections.governance import besluitenlijst as lijst
from projections.programme import mijlpalen as mv
from projections.temporal import valid_time
from service.access.auth import AuthError, TokenVerifier
from service.documents import overviews
from service.documents.export_docx import export_docx
from service.documents.export_xlsx import export_xlsx
from service.documents.importer import import_plan
from service.documents.reading import read_plan
from service.documents.safety import MAX_FILE_BYTES, FileRefused
from service.edge.ratelimit import SharedTokenBucket, retry_after_header
from service.graphql.context import Context
from service.http import problem
from service.report.dashboard import dashboard_routes
from service.report.http import overleg_pdf
from service.runtime import Runtime

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Handler = Callable[[Request, Context], Awaitable[Response]]


def _date(request: Request, name: str) -> dt.date | None:
    raw = request.query_params.get(name)
    return dt.date.fromisoformat(raw) if raw else None


def _instant(request: Request) -> dt.datetime | None:
    raw = request.query_params.get("asOf")
    if not raw:
        return None
    value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _file(data: bytes, name: str, kind: str) -> Response:
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=MEDIA[kind], headers={"content-disposition": disposition})


async def export_plan(request: Request, ctx: Context) -> Response:
    gemeente, kind = request.path_params["gemeente"], request.path_params["kind"]
    position = await ctx.as_of(_instant(request))
    with valid_time(_date(request, "peildatum")):
        plan = await read_plan(ctx, gemeente, position)
    if plan is None:
        return problem(404, "Not Found", "ontwikkelplan niet gevonden", ctx.request_id)
    data = export_docx(plan) if kind == "docx" else export_xlsx(plan)
    return _file(data, f"ontwikkelplan-{gemeente}-{plan.periode}.{kind}", kind)


async def import_plan_route(request: Request, ctx: Context) -> Response:
    gemeente = request.path_params["gemeente"]
    name = request.query_params.get("bestand") or "upload"
    dry_run = request.query_params.get("dryRun", "false").lower() in ("1", "true", "ja")
    data = await request.body()
    if len(data) > MAX_FILE_BYTES:
        return problem(413, "Payload Too Large", f"het bestand is groter dan {MAX_FILE_BYTES} bytes", ctx.request_id)
    rapport = await import_plan(ctx, data, name, gemeente, dry_run=dry_run)
    return JSONResponse(rapport.as_dict(), status_code=200 if rapport.ok else 422)


async def regiobeeld(request: Request, ctx: Context) -> Response:
    data = await overviews.regiobeeld_xlsx(
        ctx, request.path_params["regio"], _instant(request), _date(request, "peildatum")
    )
    return _file(data, f"regiobeeld-{request.path_params['regio']}.xlsx", "xlsx")


async def mijlpalenplanning(request: Request, ctx: Context) -> Response:
    q = request.query_params
    filters = mv.PlanningFilter(
        programma=q.get("programma"),
        project=q.get("project"),
        gemeente=q.get("gemeente"),
        van=_date(request, "van"),
        tot=_date(request, "tot"),
        statussen=q.getlist("status") or None,
    )
    data = await overviews.mijlpalenplanning_xlsx(ctx, filters, _instant(request), _date(request, "peildatum"))
    return _file(data, "mijlpalenplanning.xlsx", "xlsx")


async def besluitenlijst(request: Request, ctx: Context) -> Response:
    q = request.query_params
    filters = lijst.BesluitFilter(
        regio=q.get("regio"),
        gremium=q.get("gremium"),
        van=_date(request, "van"),
        tot=_date(request, "tot"),
        kader=q.get("kader"),
        object_id=q.get("objectId"),
        status=q.get("status"),
    )
    data = await overviews.besluitenlijst_xlsx(ctx, filters, _instant(request))
    return _file(data, "besluitenlijst.xlsx", "xlsx")


def document_routes(
    runtime_ref: dict[str, Runtime], verifier: TokenVerifier, limiter: SharedTokenBucket
) -> list[Route]:
    """The routes, authenticated like GraphQL; errors as problem+json."""

    def guarded(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            request_id = request.scope.get("state", {}).get("request_id", "")
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return problem(401, "Unauthorized", "een Bearer-token is vereist", request_id)
            try:
                principal = verifier.verify(token.strip())
            except AuthError as exc:
                return problem(401, "Unauthorized", str(exc), request_id)
            wait = await limiter.take(principal.key)
            if wait is not None:
                refused = problem(429, "Too Many Requests", "te veel verzoeken; probeer het later opnieuw", request_id)
                refused.headers["retry-after"] = retry_after_header(wait)
                return refused
            ctx = Context(request, None, runtime_ref["runtime"], principal, request_id)
            try:
                return await handler(request, ctx)
            except NotAllowed as exc:
                return problem(403, "Forbidden", exc.message, request_id)
            except FileRefused as exc:
                return problem(
                    400, "Bad Request", f"bestand geweigerd: {exc.message}; er is niets veranderd", request_id
                )
            except ValidationFailed as exc:
                return problem(400, "Bad Request", exc.message, request_id)
            except DomainError as exc:
                return problem(400, "Bad Request", exc.message, request_id, code=exc.code)
            except ValueError as exc:
                return problem(400, "Bad Request", f"ongeldige parameter: {exc}", request_id)

        return endpoint

    return [
        Route("/export/plan/{gemeente}.{kind:str}", guarded(export_plan_kind), methods=["GET"]),
        Route("/import/plan/{gemeente}", guarded(import_plan_route), methods=["POST"]),
        Route("/export/regiobeeld/{regio}.xlsx", guarded(regiobeeld), methods=["GET"]),
        Route("/export/mijlpalenplanning.xlsx", guarded(mijlpalenplanning), methods=["GET"]),
        Route("/export/besluitenlijst.xlsx", guarded(besluitenlijst), methods=["GET"]),
        Route("/export/overleg/{gremium}.pdf", guarded(overleg_pdf), methods=["GET"]),
        *dashboard_routes(guarded),
    ]


async def export_plan_kind(request: Request, ctx: Context) -> Response:
    if request.path_params["kind"] not in MEDIA:
        return problem(404, "Not Found", "kies .docx of .xlsx", ctx.request_id)
    return await export_plan(request, ctx)

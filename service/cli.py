"""The ``voortgang`` command line. Stable interface (other tools script it):

voortgang serve [--host 127.0.0.1] [--port 8000] [--data-dir PATH] [--demo]
voortgang token --role ROLE [--gemeente GMxxxx] [--gremia CODE,...] [--projecten CODE,...] [--name NAME]
voortgang audit verify [--batch-size N] [--quiet] [--against FILE]   (exit 1 and names the record when broken)
voortgang audit head > FILE   (verifies, then prints the signed head to keep outside the database)
voortgang export plan|regiobeeld|mijlpalenplanning|besluitenlijst …; voortgang import plan FILE …
voortgang rapport overleg --gremium zhz-bo [--sinds-vorig | --van … --tot …] [--as-of …] -o pack.pdf
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service import API_VERSION, __version__
from service.cli_support import settings_from
from service.config import Settings

log = logging.getLogger("voortgang.cli")


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = settings_from(args)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.demo:
        from service.runtime import Runtime

        runtime = Runtime.build(settings)
        seed_if_empty(runtime)
        runtime.app.close()
    log.info("service.starting", extra={"url": f"http://{host}:{port}/graphql"})
    exit_on_signals()
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False, server_header=False)
    return 0


def exit_on_signals() -> None:
    """After a graceful shutdown uvicorn re-raises SIGTERM/SIGINT; exit through
    ``SystemExit`` then (not the default handler), so that exit handlers run and
    the embedded PostgreSQL is stopped cleanly."""
    import signal

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)


def seed_if_empty(runtime: object) -> None:
    from service.demo.seed import seed_demo
    from service.runtime import Runtime

    assert isinstance(runtime, Runtime)
    if runtime.app.recorder.max_notification_id():
        log.info("demo.skipped", extra={"reason": "the event store is not empty"})
        return
    seed_demo(runtime)


def cmd_migrate(args: argparse.Namespace) -> int:
    from service.store import migrate
    from service.store.database import resolve_database

    settings = settings_from(args)
    database = resolve_database(settings)
    applied = migrate.migrate(database.url)
    print(f"{len(applied)} migration(s) applied" + (f": {', '.join(applied)}" if applied else "; at head"))
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    import signal

    from service.runtime import Runtime

    settings = settings_from(args)
    if args.health:
        return projector_health_check(settings)
    runtime = Runtime.build(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    projector = runtime.projector()
    if settings.metrics_port is not None:
        from service.operations.metrics_server import start_metrics_server
        from service.operations.projector_health import projector_health

        url, max_lag = runtime.database.url, settings.readiness_max_lag
        start_metrics_server(
            settings.host, settings.metrics_port, url, lambda: projector_health(url, projector, max_lag)
        )
    projector.run(stop)
    return 0


def projector_health_check(settings: Settings) -> int:
    """``voortgang project --health``: every view held by a runner and caught up (exit 0), else 1."""
    import json

    from projections.registry import all_projections
    from service.operations.projector_health import database_health
    from service.store.database import resolve_database

    database = resolve_database(settings)
    views = [p.name for p in all_projections()]
    ok, report = database_health(database.url, views, settings.readiness_max_lag)
    print(json.dumps(report, sort_keys=True))
    return 0 if ok else 1


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Online: built beside the live views (the service keeps answering), then swapped in."""
    import time

    from tqdm import tqdm

    from projections.rebuild import RebuildRefused, rebuild_online
    from projections.runner import event_count
    from service.operations.metrics import REBUILD_APPLIED, REBUILD_RUNNING, REBUILD_TOTAL
    from service.runtime import Runtime

    settings = settings_from(args)
    runtime = Runtime.build(settings)
    if settings.metrics_port is not None:
        from service.operations.metrics_server import start_metrics_server

        start_metrics_server(settings.host, settings.metrics_port, None)
    projections = runtime.projector().projections
    total = event_count(runtime.database.url)
    started = time.monotonic()
    REBUILD_TOTAL.set(total)
    REBUILD_APPLIED.set(0)
    REBUILD_RUNNING.set(1)
    try:
        with tqdm(total=total, unit="ev", file=sys.stderr, disable=args.quiet) as bar:

            def advance(n: int) -> None:
                bar.total = max(bar.total, bar.n + n)
                bar.update(n)
                REBUILD_APPLIED.inc(n)

            result = rebuild_online(
                runtime.database.url, runtime.app.mapper, projections, progress=advance, batch_size=args.batch_size,
                handover_timeout_s=args.handover_timeout,
            )  # fmt: skip
    except (RebuildRefused, TimeoutError) as exc:
        print(f"rebuild refused: {exc}; the current views are unchanged", file=sys.stderr)
        return 1
    finally:
        REBUILD_RUNNING.set(0)
    for s in result.stopped:
        print(f"rebuild stopped: view {s.view} at event {s.event_id}: {s.error}", file=sys.stderr)
    if result.stopped:
        print("the current views are unchanged", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    rate = result.events / seconds if seconds else 0
    print(f"rebuilt {result.views} views from {result.events} events in {seconds:.1f}s ({rate:,.0f} events/s)")
    return 0


def cmd_views_status(args: argparse.Namespace) -> int:
    import psycopg

    from service.store.database import resolve_database
    from service.views.status import render, view_statuses

    database = resolve_database(settings_from(args))
    with psycopg.connect(database.url, autocommit=True) as conn:
        statuses = view_statuses(conn)
    sys.stdout.write(render(statuses))
    return 1 if any(s.stopped_event is not None for s in statuses) else 0


def cmd_views_retry(args: argparse.Namespace) -> int:
    import psycopg

    from projections.poison import retry
    from service.store.database import resolve_database

    database = resolve_database(settings_from(args))
    with psycopg.connect(database.url, autocommit=True) as conn:
        if not retry(conn, args.view):
            print(f"view {args.view} is not stopped", file=sys.stderr)
            return 1
    print(f"view {args.view} goes on from where it stopped")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from service.demo.seed import seed_demo
    from service.runtime import Runtime

    settings = settings_from(args)
    runtime = Runtime.build(settings)
    if runtime.app.recorder.max_notification_id() and not args.force:
        print("the event store is not empty; use --force to add the demo data anyway", file=sys.stderr)
        return 1
    count = seed_demo(runtime)
    print(f"demo data loaded: {count} events")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from service.access.auth import AuthError, development_claims, principal_from_claims, sign_development_claims

    settings = settings_from(args)
    extra = {k: v for k, v in (("gremia", args.gremia), ("projecten", args.projecten)) if v}
    claims = development_claims(
        settings, roles=args.role, name=args.name, gemeente=args.gemeente, ttl_s=args.ttl, extra=extra
    )
    try:
        principal_from_claims(claims)
    except AuthError as exc:
        print(f"voortgang token: {exc} ({exc.code}); see voortgang token --help", file=sys.stderr)
        return 2
    print(sign_development_claims(settings, claims))
    return 0


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


ROLE_CLAIMS_HELP = """Claims each role needs (the service refuses a token without them, 401):
  gemeente         --gemeente GMxxxx   a CBS code (GM + 4 digits) of a gemeente in the regio data
  secretaris       --gremia CODE,...   the gremia (codes, e.g. zhz-ao) whose meetings and besluiten it records
  projectleider    --projecten CODE,.. the projects (codes, e.g. VOIT) it writes in
  programmabureau, overleg, auditor    nothing else
Every code must exist in the store (regio data, gremia, projects); see docs/api.md, Authentication."""


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from service.tamper.cli import audit_verify

    return audit_verify(args, settings_from(args))


def cmd_audit_head(args: argparse.Namespace) -> int:
    from service.tamper.cli import audit_head

    return audit_head(args, settings_from(args))


def cmd_backup(args: argparse.Namespace) -> int:
    from service.operations.backup import BackupError, backup
    from service.store.database import resolve_database

    database = resolve_database(settings_from(args))
    try:
        path = backup(database.url, args.output)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"backup written: {path} ({path.stat().st_size:,} bytes)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from service.operations.backup import BackupError, restore
    from service.store.database import resolve_database

    database = resolve_database(settings_from(args))
    try:
        restore(database.url, args.input)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"restored {args.input}; check it with: voortgang audit verify")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from service.graphql.schema import schema_sdl

    sdl = schema_sdl()
    if args.diff:
        from service.graphql.schema_diff import diff_against_committed

        sys.stdout.write(diff_against_committed(sdl).markdown() or "no changes against schema.graphql\n")
        return 0
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl)
    return 0


def _add_views(sub: Any) -> None:
    """``voortgang views status|retry``."""
    vw = sub.add_parser("views", help="Operate the views (position, lag, stopped at a poisoned event).")
    vw_sub = vw.add_subparsers(dest="views_command", required=True)
    vs = vw_sub.add_parser("status", help="Every view's position and lag; names a view stopped at an event (exit 1).")
    vs.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    vs.set_defaults(fn=cmd_views_status)
    vr = vw_sub.add_parser("retry", help="Let a stopped view go on from the event it stopped at (after a fix).")
    vr.add_argument("view", help="the view's name, as views status shows it")
    vr.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    vr.set_defaults(fn=cmd_views_retry)


def _add_token(t: argparse.ArgumentParser) -> None:
    """``voortgang token``: every claim a role needs."""
    t.epilog = ROLE_CLAIMS_HELP
    t.formatter_class = argparse.RawDescriptionHelpFormatter
    t.add_argument(
        "--role",
        action="append",
        required=True,
        help="gemeente, programmabureau, overleg, auditor, secretaris or projectleider (repeatable)",
    )
    t.add_argument("--gemeente", default=None, help="CBS gemeentecode, needed by role gemeente, e.g. GM0307")
    t.add_argument("--gremia", type=_codes, default=[], help="gremium codes, comma-separated; needed by secretaris")
    t.add_argument(
        "--projecten", type=_codes, default=[], help="project codes, comma-separated; needed by projectleider"
    )
    t.add_argument("--name", default="Ontwikkelaar", help="display name")
    t.add_argument("--ttl", type=int, default=12 * 3600, help="seconds valid")
    t.set_defaults(fn=cmd_token)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="voortgang", description="Voortgang: living development plans, governance and programme progress."
    )
    p.add_argument("--version", action="version", version=f"voortgang {__version__} (API {API_VERSION})")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.add_argument(
            "--data-dir", type=Path, help="data folder (embedded PostgreSQL, dev secret); also VOORTGANG_DATA_DIR"
        )
        return sp

    s = add("serve", "Run the API (migrates on start; runs the projector unless VOORTGANG_RUN_PROJECTOR=false).")
    s.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 8000)")
    s.add_argument("--demo", action="store_true", help="load the demo data into an empty store first")
    s.set_defaults(fn=cmd_serve)

    add("migrate", "Apply pending database migrations (a no-op at head).").set_defaults(fn=cmd_migrate)
    pr = add("project", "Run the projector as its own process (one active runner per view).")
    pr.add_argument(
        "--health",
        action="store_true",
        help="check: every view held by a runner and caught up (exit 0, else 1)",
    )
    pr.set_defaults(fn=cmd_project)

    r = add(
        "rebuild", "Rebuild every view from the event store beside the live ones, then swap (online), with progress."
    )
    r.add_argument("--batch-size", type=int, default=2000, help="events per transaction")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--handover-timeout", type=float, default=120.0, help="seconds to wait for running projectors")
    r.set_defaults(fn=cmd_rebuild)

    _add_views(sub)

    d = add("seed-demo", "Load the deterministic demo data (regio Amersfoort, ZHZ programme).")
    d.add_argument("--force", action="store_true", help="also when the store is not empty")
    d.set_defaults(fn=cmd_seed_demo)

    _add_token(add("token", "Print a development token (HS256) for the running development service."))

    au = sub.add_parser("audit", help="Audit tools for the event store.")
    au_sub = au.add_subparsers(dest="audit_command", required=True)
    av = au_sub.add_parser(
        "verify", help="Verify the hash chain and its signed checkpoints; names the first broken record, exits 1."
    )
    ah = au_sub.add_parser("head", help="Verify, then print the signed head (JSON) to keep outside the database.")
    for sp in (av, ah):
        sp.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
        sp.add_argument("--batch-size", type=int, default=5000, help="events per batch")
        sp.add_argument("--quiet", action="store_true", help="no progress bar")
    av.add_argument("--against", type=Path, default=None, help="a head exported earlier with `voortgang audit head`")
    av.set_defaults(fn=cmd_audit_verify)
    ah.set_defaults(fn=cmd_audit_head)

    bk = add("backup", "Dump the whole database (events, views, migrations) with pg_dump, custom format.")
    bk.add_argument("--output", type=Path, required=True, help="file to write, e.g. voortgang-2025-01-31.dump")
    bk.set_defaults(fn=cmd_backup)
    rs = add("restore", "Restore a backup of `voortgang backup`, replacing the contents (stop the service first).")
    rs.add_argument("input", type=Path, help="the backup file")
    rs.set_defaults(fn=cmd_restore)

    sc = add("schema", "Print the GraphQL schema (SDL) generated from the code.")
    sc.add_argument("--output", default="-", help="file to write, - for stdout")
    sc.add_argument("--diff", action="store_true", help="changelog lines: the code's schema against schema.graphql")
    sc.set_defaults(fn=cmd_schema)

    from service.documents.cli import add_document_commands

    add_document_commands(sub)
    from service.report.cli import add_report_commands

    add_report_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.fn(args))


if __name__ == "__main__":
    raise SystemExit(main())

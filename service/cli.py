"""The ``voortgang`` command line. Stable interface (other tools script it):

voortgang serve [--host 127.0.0.1] [--port 8000] [--data-dir PATH] [--demo]
voortgang token --role ROLE [--gemeente GMxxxx] [--name NAME]
voortgang audit verify [--batch-size N] [--quiet]   (exit 1 and names the record when the chain is broken)
voortgang export plan|regiobeeld|mijlpalenplanning|besluitenlijst …; voortgang import plan FILE …
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from service.config import Settings
from service.logging import configure

log = logging.getLogger("voortgang.cli")


def _settings(args: argparse.Namespace) -> Settings:
    if getattr(args, "data_dir", None):
        os.environ["VOORTGANG_DATA_DIR"] = str(args.data_dir)
    settings = Settings()
    configure(settings.log_level, settings.log_format)
    problems = settings.production_problems()
    if problems:
        raise SystemExit("voortgang: cannot start in production: " + "; ".join(problems))
    return settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = _settings(args)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.demo:
        from service.runtime import Runtime

        runtime = Runtime.build(settings)
        seed_if_empty(runtime)
        runtime.app.close()
    log.info("service.starting", extra={"url": f"http://{host}:{port}/graphql"})
    exit_on_signals()
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
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
    from service.demo import seed_demo
    from service.runtime import Runtime

    assert isinstance(runtime, Runtime)
    if runtime.app.recorder.max_notification_id():
        log.info("demo.skipped", extra={"reason": "the event store is not empty"})
        return
    seed_demo(runtime)


def cmd_migrate(args: argparse.Namespace) -> int:
    from service import migrate
    from service.database import resolve_database

    settings = _settings(args)
    database = resolve_database(settings)
    applied = migrate.migrate(database.url)
    print(f"{len(applied)} migration(s) applied" + (f": {', '.join(applied)}" if applied else "; at head"))
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    import signal

    from service.runtime import Runtime

    settings = _settings(args)
    runtime = Runtime.build(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime.projector().run(stop)
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    import time

    from tqdm import tqdm

    from projections.runner import event_count
    from service.runtime import Runtime

    settings = _settings(args)
    runtime = Runtime.build(settings)
    projector = runtime.projector()
    total = event_count(runtime.database.url)
    started = time.monotonic()
    projector.reset()
    with tqdm(total=total, unit="ev", file=sys.stderr, disable=args.quiet) as bar:
        applied = projector.catch_up(progress=bar.update, batch_size=args.batch_size)
    seconds = time.monotonic() - started
    rate = applied / seconds if seconds else 0
    print(f"rebuilt {len(projector.projections)} views from {applied} events in {seconds:.1f}s ({rate:,.0f} events/s)")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from service.demo import seed_demo
    from service.runtime import Runtime

    settings = _settings(args)
    runtime = Runtime.build(settings)
    if runtime.app.recorder.max_notification_id() and not args.force:
        print("the event store is not empty; use --force to add the demo data anyway", file=sys.stderr)
        return 1
    count = seed_demo(runtime)
    print(f"demo data loaded: {count} events")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from service.auth import issue_development_token

    settings = _settings(args)
    print(issue_development_token(settings, roles=args.role, name=args.name, gemeente=args.gemeente, ttl_s=args.ttl))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from service.audit_chain import event_total, verify_chain
    from service.database import resolve_database

    database = resolve_database(_settings(args))
    total = event_total(database.url)
    with tqdm(total=total, unit="ev", file=sys.stderr, disable=args.quiet) as bar:
        report = verify_chain(database.url, batch_size=args.batch_size, progress=bar.update)
    if not report.ok:
        print(f"BROKEN at notification id {report.broken_id}: {report.reason}", file=sys.stderr)
        return 1
    print(f"chain intact: {report.checked} events, head {report.head_id} {report.head_hash.hex()}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from service.graphql.schema import schema_sdl

    sdl = schema_sdl()
    if args.diff:
        from service.schema_diff import diff_against_committed

        sys.stdout.write(diff_against_committed(sdl).markdown() or "no changes against schema.graphql\n")
        return 0
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="voortgang", description="Voortgang: living development plans, governance and programme progress."
    )
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
    add("project", "Run the projector as its own process (one active runner per view).").set_defaults(fn=cmd_project)

    r = add("rebuild", "Empty every view and rebuild it from the event store, with progress.")
    r.add_argument("--batch-size", type=int, default=2000, help="events per transaction")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(fn=cmd_rebuild)

    d = add("seed-demo", "Load the deterministic demo data (regio Amersfoort, ZHZ programme).")
    d.add_argument("--force", action="store_true", help="also when the store is not empty")
    d.set_defaults(fn=cmd_seed_demo)

    t = add("token", "Print a development token (HS256) for the running development service.")
    t.add_argument("--role", action="append", required=True, help="gemeente, programmabureau, overleg, auditor, ...")
    t.add_argument("--gemeente", default=None, help="CBS gemeentecode for gemeente users, e.g. GM0307")
    t.add_argument("--name", default="Ontwikkelaar", help="display name")
    t.add_argument("--ttl", type=int, default=12 * 3600, help="seconds valid")
    t.set_defaults(fn=cmd_token)

    au = sub.add_parser("audit", help="Audit tools for the event store.")
    au_sub = au.add_subparsers(dest="audit_command", required=True)
    av = au_sub.add_parser("verify", help="Verify the hash chain; names the first broken record, exits 1 if broken.")
    av.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    av.add_argument("--batch-size", type=int, default=5000, help="events per batch")
    av.add_argument("--quiet", action="store_true", help="no progress bar")
    av.set_defaults(fn=cmd_audit_verify)

    sc = add("schema", "Print the GraphQL schema (SDL) generated from the code.")
    sc.add_argument("--output", default="-", help="file to write, - for stdout")
    sc.add_argument("--diff", action="store_true", help="changelog lines: the code's schema against schema.graphql")
    sc.set_defaults(fn=cmd_schema)

    from service.documents.cli import add_document_commands

    add_document_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.fn(args))


if __name__ == "__main__":
    raise SystemExit(main())

"""``voortgang export …`` and ``voortgang import …`` (registered by ``service.cli``).

voortgang export plan --gemeente GM0307 [--as-of 2025-06-01T00:00:00Z] [--peildatum D] --format docx|xlsx -o FILE
voortgang export regiobeeld --regio amersfoort -o FILE.xlsx [--as-of …] [--peildatum D]
voortgang export mijlpalenplanning -o FILE.xlsx [--programma P] [--project P] [--gemeente G] [--peildatum D]
voortgang export besluitenlijst -o FILE.xlsx [--regio R] [--gremium G] [--van D] [--tot D]
voortgang import plan FILE --gemeente GM0307 [--dry-run] [--json]

The command line acts as the principal of ``--token`` (a token the service
accepts), or else as the programme office (``cli-<user>``): it has database
access, like ``seed-demo``. Reads go through the same Context as GraphQL."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from service.cli_support import instant, run_with_runtime


def cmd_export_plan(args: argparse.Namespace) -> int:
    async def work(ctx: Any) -> int:
        from projections.temporal import valid_time
        from service.documents.export_docx import export_docx
        from service.documents.export_xlsx import export_xlsx
        from service.documents.reading import read_plan

        position = await ctx.as_of(instant(args.as_of))
        with valid_time(args.peildatum):
            plan = await read_plan(ctx, args.gemeente, position)
        if plan is None:
            sys.stderr.write(f"voortgang: geen ontwikkelplan van {args.gemeente} (of niet zichtbaar)\n")
            return 1
        data = export_docx(plan) if args.format == "docx" else export_xlsx(plan)
        await asyncio.to_thread(Path(args.output).write_bytes, data)
        sys.stdout.write(f"{args.output}: {len(plan.punten)} ontwikkelpunten, {len(data)} bytes\n")
        return 0

    return run_with_runtime(args, work)


def cmd_export_overview(args: argparse.Namespace) -> int:
    async def work(ctx: Any) -> int:
        from projections.governance import besluitenlijst as lijst
        from projections.programme import mijlpalen as mv
        from service.documents import overviews

        as_of = instant(args.as_of)
        if args.overview == "regiobeeld":
            data = await overviews.regiobeeld_xlsx(ctx, args.regio, as_of, args.peildatum)
        elif args.overview == "mijlpalenplanning":
            f = mv.PlanningFilter(
                programma=args.programma,
                project=args.project,
                gemeente=args.gemeente,
                van=args.van,
                tot=args.tot,
                statussen=args.status,
            )
            data = await overviews.mijlpalenplanning_xlsx(ctx, f, as_of, args.peildatum)
        else:
            b = lijst.BesluitFilter(
                regio=args.regio,
                gremium=args.gremium,
                van=args.van,
                tot=args.tot,
                kader=args.kader,
                status=args.besluit_status,
            )
            data = await overviews.besluitenlijst_xlsx(ctx, b, as_of)
        await asyncio.to_thread(Path(args.output).write_bytes, data)
        sys.stdout.write(f"{args.output}: {len(data)} bytes\n")
        return 0

    return run_with_runtime(args, work)


def cmd_import_plan(args: argparse.Namespace) -> int:
    async def work(ctx: Any) -> int:
        from tqdm import tqdm

        from service.documents.importer import import_plan

        data = await asyncio.to_thread(Path(args.file).read_bytes)
        with tqdm(total=0, unit="punt", file=sys.stderr, disable=args.quiet) as bar:

            def total(n: int) -> None:
                bar.total = n
                bar.refresh()

            rapport = await import_plan(
                ctx, data, args.file, args.gemeente, dry_run=args.dry_run, progress=bar.update, total=total
            )
        out = json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2) if args.json else rapport.tekst()
        sys.stdout.write(out + "\n")
        return 0 if rapport.ok else 1

    return run_with_runtime(args, work)


def add_document_commands(sub: Any) -> None:
    """Register ``export`` and ``import`` on the main parser."""
    ex = sub.add_parser("export", help="Export a plan (Bijlage 3, .docx/.xlsx) or an overview (.xlsx).")
    ex_sub = ex.add_subparsers(dest="export_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    common.add_argument("--token", default=None, help="act as this token's principal (default: programmabureau)")
    common.add_argument("--as-of", default=None, help="as recorded at this moment (ISO 8601, UTC)")
    common.add_argument("-o", "--output", required=True, help="file to write")
    p = ex_sub.add_parser("plan", parents=[common], help="The plan of a gemeente as the Bijlage 3 template.")
    p.add_argument("--gemeente", required=True, help="CBS code, e.g. GM0307")
    p.add_argument("--format", choices=("docx", "xlsx"), default="docx")
    p.add_argument(
        "--peildatum", type=dt.date.fromisoformat, default=None, help="the plan as it stood on this date (valid time)"
    )
    p.set_defaults(fn=cmd_export_plan)
    for name, text in (
        ("regiobeeld", "The regiobeeld (gemeenten × basisfuncties)."),
        ("mijlpalenplanning", "The mijlpalenplanning (Gantt rows)."),
        ("besluitenlijst", "The besluitenlijst."),
    ):
        o = ex_sub.add_parser(name, parents=[common], help=text)
        o.add_argument("--regio", required=name == "regiobeeld", default=None)
        o.add_argument("--programma", default=None)
        o.add_argument("--project", default=None)
        o.add_argument("--gemeente", default=None)
        o.add_argument("--gremium", default=None)
        o.add_argument("--kader", default=None)
        o.add_argument("--status", action="append", default=None, help="mijlpaal status (repeatable)")
        o.add_argument("--besluit-status", default=None)
        o.add_argument("--van", type=dt.date.fromisoformat, default=None)
        o.add_argument("--tot", type=dt.date.fromisoformat, default=None)
        o.add_argument("--peildatum", type=dt.date.fromisoformat, default=None)
        o.set_defaults(fn=cmd_export_overview, overview=name)
    im = sub.add_parser("import", help="Import a plan from an exported or hand-filled .docx/.xlsx.")
    im_sub = im.add_subparsers(dest="import_command", required=True)
    i = im_sub.add_parser("plan", help="Import a plan; all or nothing; --dry-run reports per cell.")
    i.add_argument("file", help="the .docx or .xlsx")
    i.add_argument("--gemeente", required=True, help="CBS code of the plan's gemeente")
    i.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
    i.add_argument("--json", action="store_true", help="the report as JSON")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.add_argument("--token", default=None, help="act as this token's principal (default: programmabureau)")
    i.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    i.set_defaults(fn=cmd_import_plan)

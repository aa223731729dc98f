"""``voortgang rapport overleg --gremium zhz-bo [--sinds-vorig | --van … --tot …] [--as-of …] -o pack.pdf``
(registered by ``service.cli``). Acts as ``--token``'s principal or else as the
programme office, through the same read path as the HTTP download."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any


def cmd_rapport_overleg(args: argparse.Namespace) -> int:
    from service.cli_support import instant, run_with_runtime

    async def work(ctx: Any) -> int:
        from service.commands.base import NotFound
        from service.report.data import gather
        from service.report.pdf import render

        van = None if args.sinds_vorig else instant(args.van)
        try:
            pack = await gather(ctx, args.gremium, van=van, tot=instant(args.tot), as_of=instant(args.as_of))
        except NotFound as exc:
            sys.stderr.write(f"voortgang: {exc.message}\n")
            return 1
        data = render(pack)
        await asyncio.to_thread(Path(args.output).write_bytes, data)
        sys.stdout.write(f"{args.output}: {len(pack.besluiten.rows)} besluiten, {len(data)} bytes\n")
        return 0

    return run_with_runtime(args, work)


def add_report_commands(sub: Any) -> None:
    """Register ``rapport overleg`` on the main parser."""
    rp = sub.add_parser("rapport", help="Reports as PDF: the overleg's pack.")
    rp_sub = rp.add_subparsers(dest="rapport_command", required=True)
    o = rp_sub.add_parser(
        "overleg", help="The pack of an overleg: changes, besluiten, planning, charts, budget, risks."
    )
    o.add_argument("--gremium", required=True, help="code of the gremium, e.g. zhz-bo")
    window = o.add_mutually_exclusive_group()
    window.add_argument("--sinds-vorig", action="store_true", help="changes since the previous held meeting (default)")
    window.add_argument("--van", default=None, help="changes after this moment (ISO 8601, UTC)")
    o.add_argument("--tot", default=None, help="changes up to this moment (with --van); default now")
    o.add_argument("--as-of", default=None, help="as recorded at this moment (ISO 8601, UTC); fixes the document")
    o.add_argument("--token", default=None, help="act as this token's principal (default: programmabureau)")
    o.add_argument("--data-dir", type=Path, help="data folder (embedded PostgreSQL); also VOORTGANG_DATA_DIR")
    o.add_argument("-o", "--output", required=True, help="file to write, e.g. pack.pdf")
    o.set_defaults(fn=cmd_rapport_overleg)

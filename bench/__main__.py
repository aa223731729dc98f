"""``python -m bench [--size small|medium|large] [--smoke] [--only NAME,...]``

Generates a data set on a throwaway embedded PostgreSQL (or ``DATABASE_URL``),
rebuilds the views (the rebuild benchmark), starts the real service in its own
process and runs the benchmarks against it; writes JSON into
``bench/results/`` and the table into ``docs/benchmarks.md``."""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import cache_mix, generate, history, lag, reads, rebuild, report, writes
from bench.context import ERRORS, Bench
from bench.harness import ROOT, embedded_server, fresh_database, machine, service_process
from projections.registry import all_projections
from projections.runner import Projector
from service.access.auth import issue_development_token
from service.config import Settings
from service.store.eventstore import create_application

NAMES = ("rebuild", "reads", "cache", "history", "writes", "lag")
MODULES = (("reads", reads), ("cache", cache_mix), ("history", history), ("writes", writes), ("lag", lag))


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--size", choices=[s for s in generate.SIZES if s != "smoke"], default="small")
    p.add_argument("--smoke", action="store_true", help="tiny data, short cases: checks that everything works")
    p.add_argument("--only", default="", help=f"comma-separated subset of {','.join(NAMES)}")
    p.add_argument("--duration", type=float, default=None, help="seconds per measured case (default 5; smoke 0.3)")
    p.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    p.add_argument("--docs", type=Path, default=None, help="markdown file (default docs/benchmarks.md; smoke: none)")
    return p.parse_args(argv)


def tokens(settings: Settings) -> dict[str, str]:
    gm = issue_development_token(settings, roles=["gemeente"], name="bench", gemeente=generate.BIG_GEMEENTE)
    pb = issue_development_token(settings, roles=["programmabureau"], name="bench-pb")
    return {"gemeente": gm, "programmabureau": pb}


def prepare(bench: Bench, only: set[str]) -> None:
    app = create_application(bench.url, bench.settings)
    try:
        bench.facts["generate"] = generate.generate(app, bench.size)
        print(f"generated {bench.facts['generate']}", flush=True)
        if "rebuild" in only:
            rebuild.run(bench, app.mapper)
        else:
            Projector(url=bench.url, mapper=app.mapper, projections=all_projections()).catch_up()
    finally:
        app.close()


def run(args: argparse.Namespace) -> Bench:
    size = generate.SIZES["smoke" if args.smoke else args.size]
    only = set(filter(None, args.only.split(","))) or set(NAMES)
    unknown = only - set(NAMES)
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {', '.join(NAMES)}")
    duration = args.duration or (0.3 if args.smoke else 5.0)
    with embedded_server() as maintenance, tempfile.TemporaryDirectory(prefix="vg-bench-data-") as data:
        url = fresh_database(maintenance, "voortgang_bench")
        settings = Settings(data_dir=Path(data))
        bench = Bench(size, duration, maintenance, url, Path(data), settings)
        prepare(bench, only)
        bench.tokens = tokens(settings)
        with (
            service_process(url, Path(data)) as base,
            service_process(url, Path(data), projector=False, extra_env=reads.CACHE_OFF) as uncached,
        ):
            bench.base, bench.uncached = base, uncached
            for name, module in MODULES:
                if name in only:
                    started = time.monotonic()
                    module.run(bench)
                    bench.facts[f"{name} seconds"] = round(time.monotonic() - started, 1)
    bench.facts["first errors"] = list(ERRORS)
    return bench


def commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def main(argv: list[str]) -> int:
    args = parse(argv)
    bench = run(args)
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": "python -m bench " + shlex.join(argv),
        "commit": commit() + " (+ uncommitted changes)",
    }
    path = report.write_json(bench, meta, args.results_dir)
    docs = args.docs or (None if args.smoke else ROOT / "docs" / "benchmarks.md")
    if docs is not None:
        report.write_docs(bench, meta, docs)
    print(f"results: {path}" + (f", {docs}" if docs else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

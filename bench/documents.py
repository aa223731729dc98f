"""Plan documents: export and import of a 110-point plan (issue 16's goal:
each under 2 s). ``python -m bench.documents [--repeat 3]``.

Data: ``bench/generate.py`` writes GM9000 with 110 ontwikkelpunten (each with
deelstappen, kosten, planning, four stands) and GM9001 with an empty plan, on a
throwaway embedded PostgreSQL. Measured in process, wall clock, median of
``--repeat`` runs, each from reading the views to the bytes / the saved events:

* export .xlsx and .docx of GM9000 (read through the plan queries + render);
* import of that export unchanged (every cell compared; zero changes);
* import with one edited cell in every row (110 commands, one transaction);
* import of the same workbook without ids into GM9001 (110 new points with
  their columns and standen: the worst case, a hand-made workbook)."""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from bench.generate import Size, generate
from bench.harness import embedded_server, fresh_database, machine
from domain.principal import Principal
from service.config import Settings
from service.documents.export_docx import export_docx
from service.documents.export_xlsx import FIRST_ROW, META_SHEET, SHEET, export_xlsx
from service.documents.importer import import_plan
from service.documents.reading import context_for, read_plan
from service.runtime import Runtime
from service.store.database import Database

SIZE = Size("documents", gemeenten=2, regio_size=2, points=0, big_points=110, months=0, big_weeks=4, milestones=0)
PB = Principal("bench-programmabureau", "Bench", frozenset({"programmabureau"}))


def _edited(data: bytes, strip_ids: bool) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    for r in range(FIRST_ROW, ws.max_row + 1):
        if strip_ids:
            ws.cell(row=r, column=13).value = None
            ws.cell(row=r, column=14).value = None
        else:
            ws.cell(row=r, column=10, value=f"Uitvoerder na de import {r}")
    if strip_ids:
        del wb[META_SHEET]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def _timed(fn: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


async def measure(runtime: Runtime, repeat: int) -> list[tuple[str, float, str]]:
    ctx = context_for(runtime, PB)
    assert await runtime.wait_for_views(await runtime.log_head(), timeout_s=300)
    rows: list[tuple[str, float, str]] = []

    async def export(kind: str) -> bytes:
        plan = await read_plan(ctx, "GM9000", None)
        assert plan is not None and len(plan.punten) == 110
        return export_xlsx(plan) if kind == "xlsx" else export_docx(plan)

    for kind in ("xlsx", "docx"):
        seconds, data = await _timed(lambda k=kind: export(k), repeat)  # type: ignore[misc]
        rows.append((f"export .{kind}, 110 points", seconds, f"{len(data):,} bytes"))
    xlsx = await export("xlsx")
    seconds, rapport = await _timed(lambda: import_plan(ctx, xlsx, "bench.xlsx", "GM9000", dry_run=False), repeat)
    rows.append(("import .xlsx unchanged (110 points compared)", seconds, f"{len(rapport.wijzigingen)} changes"))
    edited = _edited(xlsx, strip_ids=False)
    seconds, rapport = await _timed(lambda: import_plan(ctx, edited, "bench-edit.xlsx", "GM9000", dry_run=False), 1)
    rows.append(
        (
            "import .xlsx, one cell edited in every row",
            seconds,
            f"{len(rapport.wijzigingen)} changes, {rapport.events} events",
        )
    )
    fresh = _edited(xlsx, strip_ids=True)
    seconds, rapport = await _timed(lambda: import_plan(ctx, fresh, "bench-new.xlsx", "GM9001", dry_run=False), 1)
    rows.append(
        (
            "import .xlsx without ids: 110 new points",
            seconds,
            f"{len(rapport.wijzigingen)} changes, {rapport.events} events",
        )
    )
    assert rapport.toegepast, rapport.tekst()
    docx = await export("docx")
    seconds, rapport = await _timed(lambda: import_plan(ctx, docx, "bench.docx", "GM9000", dry_run=True), repeat)
    rows.append(("import .docx unchanged, dry run", seconds, f"{len(rapport.wijzigingen)} changes"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with embedded_server() as maintenance, tempfile.TemporaryDirectory() as tmp:
        url = fresh_database(maintenance, "vg_bench_documents")
        settings = Settings(database_url=url, data_dir=Path(tmp), log_level="WARNING", auth_hs256_secret="x" * 32)  # type: ignore[arg-type]
        runtime = Runtime.build(settings, Database(url=url, read_url=url, embedded=False))
        written = generate(runtime.app, SIZE)

        async def run() -> list[tuple[str, float, str]]:
            await runtime.open()
            runtime.start_projector()
            try:
                return await measure(runtime, args.repeat)
            finally:
                await runtime.close()

        rows = asyncio.run(run())
    print(f"machine: {machine()}; data: {written['events']} events")
    print("| case | wall time (median) | result |")
    print("|---|---|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds * 1000:,.0f} ms | {note} |")


if __name__ == "__main__":
    main()

"""The report: JSON in ``bench/results/`` and a markdown table per size in
``docs/benchmarks.md`` (between markers, so the hand-written text stays)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.context import Bench, Row


def cell(summary: dict[str, Any] | None) -> str:
    if not summary:
        return ""
    rate = summary.get("per_s")
    parts = [f"{rate:,.0f}/s" if isinstance(rate, int | float) and rate else ""]
    if "p50_ms" in summary:
        parts.append(f"p50 {summary['p50_ms']:.1f} · p95 {summary['p95_ms']:.1f} · p99 {summary['p99_ms']:.1f} ms")
    elif "seconds" in summary:
        parts.append(f"{summary['n']:,} in {summary['seconds']} s")
    if summary.get("errors"):
        parts.append(f"**{summary['errors']} errors**")
    return "<br>".join(p for p in parts if p)


def verdict(row: Row) -> str:
    if row.met is None:
        return ""
    return f"{'met' if row.met else '**not met**'}: {row.goal}"


def table(rows: list[Row]) -> str:
    lines = [
        "| benchmark | case | figure | reference (same run) | reference figure | ratio | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.3g}" if r.ratio is not None else ""
        case = f"{r.case}<br>*{r.note}*" if r.note else r.case
        cells = [r.benchmark, case, cell(r.figure), r.reference_name, cell(r.reference), ratio, verdict(r)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def section(bench: Bench, meta: dict[str, Any]) -> str:
    facts = "\n".join(f"- {k}: `{json.dumps(v, default=str)}`" for k, v in bench.facts.items())
    return (
        f"### Size `{bench.size.name}` — {meta['date']}\n\n"
        f"- machine: {meta['machine']}\n- command: `{meta['command']}`\n- commit: `{meta['commit']}`\n"
        f"- duration per case: {bench.duration_s} s; data: {bench.size}\n{facts}\n\n{table(bench.rows)}\n"
    )


def write_json(bench: Bench, meta: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{bench.size.name}-{meta['date'].replace(':', '').replace(' ', 'T')}.json"
    payload = {
        **meta,
        "duration_s": bench.duration_s,
        "size": bench.size.__dict__,
        "facts": bench.facts,
        "rows": [r.as_dict() for r in bench.rows],
    }
    path.write_text(json.dumps(payload, indent=2, default=str))
    return path


def write_docs(bench: Bench, meta: dict[str, Any], docs: Path) -> None:
    start, end = f"<!-- bench:{bench.size.name}:start -->", f"<!-- bench:{bench.size.name}:end -->"
    block = f"{start}\n{section(bench, meta)}{end}"
    text = docs.read_text() if docs.exists() else "# Benchmarks\n\n## Latest results\n"
    if start in text and end in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    docs.write_text(text)


def rerender(path: Path, docs: Path) -> None:
    """Write the table of a saved JSON result into ``docs`` again (after a change of layout)."""
    from bench.generate import Size

    data = json.loads(path.read_text())
    size = Size(**data["size"])
    rows = [Row(**{k: v for k, v in r.items() if k != "ratio"}) for r in data["rows"]]
    bench = Bench(size, data.get("duration_s", 5.0), "", "", Path(), None, rows=rows, facts=data["facts"])  # type: ignore[arg-type]
    write_docs(bench, data, docs)


if __name__ == "__main__":
    import sys

    rerender(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/benchmarks.md"))

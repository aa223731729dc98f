"""The benchmark suite in smoke mode: every benchmark runs end to end against
the real service on a tiny data set (seconds); timings are not asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_suite_runs_every_benchmark_in_smoke_mode_and_reports_them(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    cmd = [sys.executable, "-m", "bench", "--smoke", "--results-dir", str(tmp_path), "--docs", str(docs)]
    done = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    (result,) = tmp_path.glob("smoke-*.json")
    report = json.loads(result.read_text())
    benchmarks = {row["benchmark"] for row in report["rows"]}
    assert benchmarks == {"rebuild", "reads", "time travel", "writes", "write cost vs history", "lag", "cache"}
    assert all(row["figure"]["n"] > 0 for row in report["rows"]), report["rows"]
    assert all(row["reference"]["n"] > 0 for row in report["rows"] if row["reference"])
    reads = [row for row in report["rows"] if row["benchmark"] == "reads"]
    assert all(row["figure"]["errors"] == 0 and row["ratio"] for row in reads)
    assert report["facts"]["generate"]["events"] > 300
    text = docs.read_text()
    assert "<!-- bench:smoke:start -->" in text and "| reads | full plan, 16 clients, cache off |" in text

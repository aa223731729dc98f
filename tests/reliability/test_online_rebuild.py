"""``voortgang rebuild`` while the service runs (its projector inside) and
writes go on: the rebuild takes the views over in an orderly way and
finishes (no lock timeout), every read during it answers with the data (the
views are built beside the live ones and swapped in), and the views end
equal to a rebuild from scratch."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg

from domain.regio import Regio
from service.access.auth import issue_development_token
from service.runtime import Runtime
from tests.integration.processes import head, process_env, save_regios, serving, tracking, view_rows, view_tables
from tests.integration.test_projectors import caught_up, wait_for

QUERY = {"query": "{ regios { code naam } }"}


class Reader(threading.Thread):
    """Reads the regio's in a loop; records every answer."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.stop = threading.Event()
        self.answers: list[tuple[int, int]] = []  # (status, regio's in the answer)
        self.failures: list[str] = []

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=20) as client:
            while not self.stop.is_set():
                try:
                    r = client.post("/graphql", json=QUERY)
                    body = r.json()
                    self.answers.append((r.status_code, len((body.get("data") or {}).get("regios") or [])))
                except (httpx.HTTPError, ValueError) as exc:
                    self.failures.append(repr(exc))
                time.sleep(0.02)


class Writer(threading.Thread):
    """Registers a regio now and then, through the event store."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(daemon=True)
        self.runtime = runtime
        self.stop = threading.Event()
        self.written = 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.runtime.app.save(Regio.registreer(f"rb{self.written:03d}", f"Tijdens rebuild {self.written}"))
            self.written += 1
            time.sleep(0.05)


def schema_of_views(url: str) -> list[tuple[str, ...]]:
    """Every index and constraint of the view tables, by name and definition."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%(t)s)"
            " UNION ALL SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid::regclass::text = ANY(%(t)s)",
            {"t": view_tables()},
        ).fetchall()
    return sorted(tuple(str(x) for x in r) for r in rows)


def test_a_rebuild_while_the_service_runs_completes_and_reads_keep_answering(
    sync_runtime: Runtime, tmp_path: Path
) -> None:
    url = sync_runtime.database.url
    save_regios(sync_runtime.app, first=0, count=30, gemeenten=150, per_save=5)
    before = 30
    token = issue_development_token(sync_runtime.settings, roles=["programmabureau"], name="Lezer")
    with serving(url, tmp_path, tmp_path / "serve.log") as (base, _proc):
        wait_for(lambda: caught_up(url), timeout_s=120)
        schema = schema_of_views(url)
        reader, writer = Reader(base, token), Writer(sync_runtime)
        reader.start()
        writer.start()
        try:
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "service.cli", "rebuild"],
                env=process_env(url, tmp_path),
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            seconds = time.monotonic() - started
        finally:
            writer.stop.set()
            writer.join(10)
        wait_for(lambda: caught_up(url), timeout_s=60)
        time.sleep(0.3)
        reader.stop.set()
        reader.join(30)
        assert done.returncode == 0, done.stderr
        assert re.search(r"rebuilt \d+ views from \d+ events", done.stdout), done.stdout
        assert seconds < 300
        assert writer.written > 0, "writes went on during the rebuild"
        assert not reader.failures, reader.failures[:3]
        assert reader.answers and all(status == 200 for status, _ in reader.answers)
        assert min(n for _, n in reader.answers) >= before, "no read saw emptied views"
        assert reader.answers[-1][1] >= before + writer.written, "the last read sees every regio"
        online = view_rows(url)
        assert schema_of_views(url) == schema, "the swapped-in tables have the live tables' indexes and constraints"
        assert set(tracking(url).values()) == {head(url)}

        projector = sync_runtime.projector()  # a rebuild from scratch, in place (takes over from serve too)
        projector.reset()
        projector.catch_up()
        assert view_rows(url) == online

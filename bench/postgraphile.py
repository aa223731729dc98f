"""PostGraphile 4 as a reference beside the raw endpoint: installed with npm
into a cache folder (never a dependency of the project), serving the same view
tables, measured with the same load generator in the same run.

The view tables have no foreign keys (temporal rows), so smart tags
(``postgraphile.tags.json5``) declare the relations PostGraphile nests by:
plan → points → deelstappen / stand van zaken, regional point → progress →
stand van zaken. Its query asks for the same fields as the full plan, current
rows only (``condition: {sysTo: null}``), latest stand by ``first: 1``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from psycopg.conninfo import conninfo_to_dict

from bench.harness import http_process

VERSION = "postgraphile@4"
CACHE = Path(os.environ.get("VOORTGANG_BENCH_NPM_CACHE", Path.home() / ".cache" / "voortgang-bench" / "postgraphile4"))

TAGS = {
    "version": 1,
    "config": {
        "class": {
            "ontwikkelplan_view": {"tags": {"unique": "plan_id"}},
            "ontwikkelpunt_view": {
                "tags": {"unique": "punt_id", "foreignKey": "(plan_id) references ontwikkelplan_view (plan_id)"}
            },
            "deelstap_view": {"tags": {"foreignKey": "(punt_id) references ontwikkelpunt_view (punt_id)"}},
            "stand_van_zaken_view": {
                "tags": {
                    "foreignKey": [
                        "(subject_id) references ontwikkelpunt_view (punt_id)",
                        "(subject_id) references regionale_voortgang_view (voortgang_id)",
                    ]
                }
            },
            "regionaal_punt_view": {"tags": {"unique": "punt_id"}},
            "regionale_voortgang_view": {
                "tags": {
                    "unique": "voortgang_id",
                    "foreignKey": "(punt_id) references regionaal_punt_view (punt_id)",
                }
            },
        }
    },
}

_STAND = (
    "standVanZakenViewsBySubjectId(condition: {sysTo: null}, orderBy: VOLGNUMMER_DESC, first: 1)"
    " { nodes { volgnummer peildatum tekst signaal auteur baseline vastgelegdOp } }"
)
FULL_PLAN = (
    'query($g: String!, $r: String!) { allOntwikkelplanViews(condition: {gemeente: $g, periode: "2025-2027",'
    " sysTo: null}) { nodes { planId gemeente regio periode titel status version"
    " ontwikkelpuntViewsByPlanId(condition: {sysTo: null}, orderBy: [BASISFUNCTIE_ASC, THEMA_ASC,"
    " TOEGEVOEGD_POSITIE_ASC]) { nodes { puntId gemeente basisfunctie thema doel zelfscanLink beoogdResultaat"
    " indicatoren andersLerenDoen verbeteractie deelstapViewsByPuntId(condition: {sysTo: null},"
    " orderBy: VOLGORDE_ASC) { nodes { deelstapId volgorde tekst gepland afgerondOp } } kostenBedrag"
    " kostenOmschrijving dekking begrotingsjaar uitvoerder planningStart planningGereed planningPrecisie"
    f" {_STAND} status version }} }} }} }}"
    " allRegionaalPuntViews(condition: {regio: $r, sysTo: null}) { nodes { puntId doel"
    " regionaleVoortgangViewsByPuntId(condition: {gemeente: $g, sysTo: null}) { nodes { gemeente uitvoerder"
    f" {_STAND} }} }} }} }} }}"
)


def installed() -> Path:
    """The postgraphile CLI, installed with npm into :data:`CACHE` on first use."""
    cli = CACHE / "node_modules" / "postgraphile" / "cli.js"
    if not cli.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is needed for the PostGraphile reference")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), VERSION],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    (CACHE / "postgraphile.tags.json5").write_text(json.dumps(TAGS, indent=2))
    return cli


def node_url(conninfo: str) -> str:
    """A libpq conninfo (the embedded server's unix socket) as a URL node-postgres reads."""
    d = conninfo_to_dict(conninfo)
    auth = quote(str(d.get("user", "postgres"))) + (f":{quote(str(d['password']))}" if d.get("password") else "")
    host = quote(str(d.get("host", "localhost")), safe="")
    port = f":{d['port']}" if d.get("port") else ""
    return f"postgres://{auth}@{host}{port}/{quote(str(d.get('dbname', 'postgres')))}"


@contextlib.contextmanager
def postgraphile_process(url: str) -> Iterator[str]:
    """PostGraphile 4 on the bench database (queries only: default mutations off)."""
    cli = installed()
    cmd = [
        "node", str(cli), "--connection", node_url(url), "--schema", "public",
        "--host", "127.0.0.1", "--port", "{port}", "--disable-default-mutations", "--disable-query-log",
        "--no-setof-functions-contain-nulls",
    ]  # fmt: skip
    with http_process(cmd, {**os.environ}, health="/graphiql", cwd=CACHE) as base:
        yield base

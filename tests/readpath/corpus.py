"""The documents the differential test runs both ways: every GraphQL document
in the test suite, the benchmarks and the README that the compiler covers
(module-level strings after evaluation, so f-string queries count too, and
every string literal in the source), plus generated selections of the plan."""

from __future__ import annotations

import ast
import contextlib
import importlib
import random
import re
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, parse, validate

from service.readpath.compiler import compile_operation

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("tests", "bench")

STAND = ["volgnummer", "peildatum", "tekst", "signaal", "auteur", "baseline", "vastgelegdOp"]
PLANNING = ["start", "gereed", "precisie"]
MIJLPAAL = [
    "mijlpaalId", "gemeente", "titel", "soort", "eigenaarSoort", "eigenaarId", "programma", "project", "baseline",
    "baselinePrecisie", "baselineEind", "forecast", "forecastPrecisie", "forecastEind", "actual", "status",
    "basisplanning", "basisplanningPrecisie", "basisplanningEind", "verwachting", "verwachtingPrecisie",
    "verwachtingEind", "behaald",
    "slipDagen", "redenen", "waarschuwingen", "version",
]  # fmt: skip
TREE: dict[str, object] = {
    "id": None, "gemeente": None, "regio": None, "periode": None, "titel": None, "templateVersie": None,
    "status": None, "portefeuillehouders": None, "beleidsmedewerkers": None, "lokaleAanvullingen": None,
    "vastgesteldOp": None, "version": None,
    "documenten": {"niveau": None, "titel": None, "verwijzing": None},
    "ontwikkelpunten": {
        "id": None, "gemeente": None, "basisfunctie": None, "thema": None, "doel": None, "zelfscanLink": None,
        "beoogdResultaat": None, "indicatoren": None, "andersLerenDoen": None, "verbeteractie": None,
        "uitvoerder": None, "status": None, "hygiene": None, "version": None,
        "deelstappen": {"id": None, "volgorde": None, "tekst": None, "gepland": None, "afgerondOp": None},
        "kosten": {"bedrag": None, "omschrijving": None, "dekking": None, "begrotingsjaar": None},
        "planning": dict.fromkeys(PLANNING),
        "laatsteStandVanZaken": dict.fromkeys(STAND),
        "mijlpalen": dict.fromkeys(MIJLPAAL),
    },
    "regionaleOntwikkelpunten": {
        "id": None, "regio": None, "basisfunctie": None, "thema": None, "doel": None, "beoogdResultaat": None,
        "indicatoren": None, "besluitId": None, "actief": None, "version": None,
        "voortgang": {
            "id": None, "gemeente": None, "uitvoerder": None, "version": None,
            "planning": dict.fromkeys(PLANNING), "laatsteStandVanZaken": dict.fromkeys(STAND),
        },
    },
}  # fmt: skip


def _strings_in(path: Path) -> set[str]:
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        with contextlib.suppress(Exception):  # a module that does not import has its literals only
            found |= {v for v in vars(importlib.import_module(module)).values() if isinstance(v, str)}
    return found


def collected(schema: GraphQLSchema) -> list[str]:
    """Every valid document of the suite, the benchmarks and the README that the compiler covers."""
    texts: set[str] = set()
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            texts |= _strings_in(path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```graphql\n(.*?)```", readme, flags=re.DOTALL)
    texts |= set(blocks)  # and each block for any gemeente:
    texts |= {"query($g: String!) " + b.replace('(gemeente: "GM0307")', "(gemeente: $g)") for b in blocks}
    covered = []
    for text in sorted(t for t in texts if "ontwikkelplan" in t):
        try:
            document = parse(text)
        except GraphQLError:
            continue
        if not validate(schema, document) and compile_operation(schema, document, None) is not None:
            covered.append(text)
    return covered


def _selection(rng: random.Random, tree: dict[str, object], depth: int) -> str:
    names = list(tree)
    chosen = rng.sample(names, k=rng.randint(1, min(len(names), 8 if depth else 12)))
    parts = []
    for name in chosen:
        sub = tree[name]
        alias = f"a{rng.randint(0, 99)}_{name}: " if rng.random() < 0.1 else ""
        text = f"{alias}{name}" + (f" {{ {_selection(rng, sub, depth + 1)} }}" if isinstance(sub, dict) else "")
        parts.append(text)
        if rng.random() < 0.05:
            parts.append(text)  # the same field twice merges
    if rng.random() < 0.15:
        parts.append("__typename")
    return " ".join(parts)


def generated(count: int, seed: int = 14) -> list[str]:
    """Random selections of the plan: aliases, repeats, ``__typename``, fragments, asOf, two roots."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    documents = []
    for i in range(count):
        body = _selection(rng, TREE, 0)
        if i % 5 == 0:
            documents.append(
                "query($g: String!) { ontwikkelplan(gemeente: $g) { ...plan } }"
                f" fragment plan on Ontwikkelplan {{ {body} }}"
            )
        elif i % 5 == 1:
            documents.append(
                f"query($g: String!, $t: DateTime) {{ ontwikkelplan(gemeente: $g, asOf: $t) {{ {body} }} }}"
            )
        elif i % 5 == 2:
            documents.append(
                f"query($g: String!) {{ p: ontwikkelplan(gemeente: $g) {{ {body} }}"
                ' q: ontwikkelplan(gemeente: "GM0308") { ... on Node { id } gemeente } __typename }'
            )
        else:
            documents.append(f"query($g: String!) {{ ontwikkelplan(gemeente: $g) {{ {body} }} }}")
    return documents

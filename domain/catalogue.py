"""The template catalogue of the *Lokaal meerjarig ontwikkelplan*: versioned
reference data (seed 000, Bijlage 3).

Each version is a JSON file in ``domain/catalogue_data`` holding the five
basisfuncties, their quickscan themes with checklist items, the 24
ontwikkelpunt tables (BF3 has one table shared by its five questions) and the
eight column definitions with their instructions. A plan pins the version it
was made on, so a later template never changes an existing plan.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

CURRENT_VERSION = "2025-02-19"
VERSIONS = {"2025-02-19": "template-2025.json"}


@dataclass(frozen=True)
class Kolom:
    """One of the eight columns of an ontwikkelpunt, with its instruction."""

    nummer: int
    code: str
    label: str
    instructie: str


@dataclass(frozen=True)
class Thema:
    """A quickscan theme (or, for BF3, a question) and its checklist items."""

    code: str
    basisfunctie: int
    nummer: int
    titel: str
    items: tuple[str, ...]
    alias: str | None
    bron: str


@dataclass(frozen=True)
class Tabel:
    """An ontwikkelpunt table: where ontwikkelpunten of one theme are written."""

    code: str
    basisfunctie: int
    titel: str
    themas: tuple[str, ...]
    volgorde: int


@dataclass(frozen=True)
class Basisfunctie:
    nummer: int
    naam: str
    aliassen: tuple[str, ...]
    definitie: str
    input: str
    themas: tuple[Thema, ...]


@dataclass(frozen=True)
class Template:
    """One version of the plan template."""

    versie: str
    bron: str
    titel: str
    ondertitel: str
    periode: str
    documentniveaus: tuple[str, ...]
    kolommen: tuple[Kolom, ...]
    basisfuncties: tuple[Basisfunctie, ...]
    tabellen: tuple[Tabel, ...]

    def tabel(self, code: str) -> Tabel | None:
        return next((t for t in self.tabellen if t.code == code), None)

    def basisfunctie(self, nummer: int) -> Basisfunctie | None:
        return next((b for b in self.basisfuncties if b.nummer == nummer), None)


def _thema(raw: dict[str, object], basisfunctie: int) -> Thema:
    items = raw["items"]
    assert isinstance(items, list)
    alias = raw.get("alias")
    return Thema(
        code=str(raw["code"]),
        basisfunctie=basisfunctie,
        nummer=int(str(raw["nummer"])),
        titel=str(raw["titel"]),
        items=tuple(str(i) for i in items),
        alias=str(alias) if alias else None,
        bron=str(raw["bron"]),
    )


def _parse(raw: dict[str, list[dict[str, object]] | str | list[str]]) -> Template:
    bfs: list[dict[str, object]] = raw["basisfuncties"]  # type: ignore[assignment]
    basisfuncties = tuple(
        Basisfunctie(
            nummer=int(str(b["nummer"])),
            naam=str(b["naam"]),
            aliassen=tuple(str(a) for a in b["aliassen"]),  # type: ignore[attr-defined]
            definitie=str(b["definitie"]),
            input=str(b["input"]),
            themas=tuple(_thema(t, int(str(b["nummer"]))) for t in b["themas"]),  # type: ignore[attr-defined]
        )
        for b in bfs
    )
    tabellen_raw: list[dict[str, object]] = raw["tabellen"]  # type: ignore[assignment]
    kolommen_raw: list[dict[str, object]] = raw["kolommen"]  # type: ignore[assignment]
    return Template(
        versie=str(raw["versie"]),
        bron=str(raw["bron"]),
        titel=str(raw["titel"]),
        ondertitel=str(raw["ondertitel"]),
        periode=str(raw["periode"]),
        documentniveaus=tuple(raw["documentniveaus"]),  # type: ignore[arg-type]
        kolommen=tuple(
            Kolom(int(str(k["nummer"])), str(k["code"]), str(k["label"]), str(k["instructie"])) for k in kolommen_raw
        ),
        basisfuncties=basisfuncties,
        tabellen=tuple(
            Tabel(
                code=str(t["code"]),
                basisfunctie=int(str(t["basisfunctie"])),
                titel=str(t["titel"]),
                themas=tuple(str(c) for c in t["themas"]),  # type: ignore[attr-defined]
                volgorde=i,
            )
            for i, t in enumerate(tabellen_raw)
        ),
    )


@cache
def template(versie: str = CURRENT_VERSION) -> Template:
    """The template of ``versie``; ``KeyError`` for an unknown version."""
    filename = VERSIONS[versie]
    text = resources.files("domain.catalogue_data").joinpath(filename).read_text(encoding="utf-8")
    return _parse(json.loads(text))


def known_version(versie: str) -> bool:
    return versie in VERSIONS


def version_on(day: dt.date) -> str | None:
    """The version in force on ``day``: the latest one dated (its name is its
    date) on or before it; None before the first template."""
    dated = [v for v in VERSIONS if dt.date.fromisoformat(v) <= day]
    return max(dated) if dated else None

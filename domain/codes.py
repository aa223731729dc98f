"""The documented patterns of every code, in one place: the domain refuses a
code that does not match (no regio, gemeente, programma, gremium or project
can be created with one), and the GraphQL scalars of the same names refuse it
where it enters (``service/graphql/scalars.py``).

| Code | Pattern | Examples |
|---|---|---|
| gemeente | ``GM`` + 4 digits (CBS-gemeentecode) | ``GM0307`` |
| regio | lowercase letter, then lowercase letters, digits, ``-``; 1–40 | ``amersfoort``, ``zhz`` |
| programma | lowercase letters, digits, ``-``; 1–40 | ``kgb-zhz`` |
| gremium | lowercase letters, digits, ``-``; 2–40 | ``zhz-bo`` |
| project | letters, digits, ``-``; 1–40 | ``VOIT``, ``GHNT-VLI`` |
| begrotingsregel | lowercase letters, digits, ``-``; 1–40 | ``programmamanager``, ``top3`` |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import ProblemCollector


@dataclass(frozen=True)
class CodePattern:
    kind: str
    pattern: re.Pattern[str]
    uitleg: str

    def matches(self, value: str) -> bool:
        return self.pattern.fullmatch(value) is not None

    def require(self, problems: ProblemCollector, field: str, value: str) -> None:
        problems.require(self.matches(value), field, f"geen geldige {self.kind}code: {self.uitleg}")


GEMEENTE = CodePattern("gemeente", re.compile(r"GM[0-9]{4}"), "GM en vier cijfers, zoals GM0307")
REGIO = CodePattern(
    "regio", re.compile(r"[a-z][a-z0-9-]{0,39}"), "kleine letters, cijfers en '-', beginnend met een letter (1-40)"
)
PROGRAMMA = CodePattern("programma", re.compile(r"[a-z0-9][a-z0-9-]{0,39}"), "kleine letters, cijfers en '-' (1-40)")
GREMIUM = CodePattern("gremium", re.compile(r"[a-z0-9][a-z0-9-]{1,39}"), "kleine letters, cijfers en '-' (2-40)")
PROJECT = CodePattern("project", re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}"), "letters, cijfers en '-' (1-40)")

BEGROTINGSREGEL = CodePattern(
    "begrotingsregel", re.compile(r"[a-z0-9][a-z0-9-]{0,39}"), "kleine letters, cijfers en '-' (1-40)"
)

ALL = (GEMEENTE, REGIO, PROGRAMMA, GREMIUM, PROJECT, BEGROTINGSREGEL)

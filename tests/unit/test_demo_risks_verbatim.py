"""Seed 002's eleven risks and their beheersmaatregelen are in the demo in the seed's own words.

The seed excerpt is the project's own copy (tests/data/seed-002-risicos.txt, section 8 of the
programmaplan, checked once against the seed); the shared seeds are never read here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADING = "8. Risico’s en beheersmaatregelen Risico Beheersmaatregel"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _excerpt() -> str:
    lines = (ROOT / "tests/data/seed-002-risicos.txt").read_text(encoding="utf-8").splitlines()
    return _words(" ".join(line for line in lines if not line.startswith("#")))


def _risicos() -> list[dict[str, object]]:
    data = json.loads((ROOT / "service/demo/data/programme-zhz.json").read_text(encoding="utf-8"))
    risicos: list[dict[str, object]] = data["risicos"]
    return risicos


def test_the_demo_has_the_eleven_risks_of_seed_002() -> None:
    assert [r["nummer"] for r in _risicos()] == [f"R{i}" for i in range(1, 12)]


def test_every_risk_and_beheersmaatregel_is_the_seed_text_word_for_word_and_together_they_are_the_whole_table() -> None:
    excerpt = _excerpt()
    assert excerpt.startswith(HEADING)
    parts: list[str] = []
    for r in _risicos():
        assert isinstance(r["omschrijving"], str) and isinstance(r["maatregelen"], list)
        parts.append(r["omschrijving"])
        parts.extend(r["maatregelen"])
    for part in parts:
        assert _words(part) in excerpt, part
    assert _words(" ".join(parts)) == excerpt.removeprefix(HEADING).strip()

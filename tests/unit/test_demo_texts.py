"""Texts that people read (rule descriptions, overwegingen, ...) do not cite seed line numbers;
the citation lives in the ``bron`` fields beside them."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

CITATION = re.compile(r"\d{3}:L\d")


def _texts(node: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [t for k, v in node.items() if k != "bron" for t in _texts(v, k)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v, key)]
    return [(key, node)] if isinstance(node, str) else []


def test_demo_texts_people_read_carry_no_seed_line_citations() -> None:
    folder = resources.files("service.demo.data")
    cited = [
        (entry.name, key, text)
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
        for key, text in _texts(json.loads(entry.read_text(encoding="utf-8")))
        if CITATION.search(text)
    ]
    assert cited == []

"""What every area's demo seeding shares: the programme office it acts as and
the JSON files it reads (``service/demo/data/*.json``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from domain.principal import Principal

PROGRAMMABUREAU = Principal(
    actor_id="demo-programmabureau", name="Programmabureau (demo)", roles=frozenset({"programmabureau"})
)


def load(name: str) -> Any:
    return json.loads(resources.files("service.demo.data").joinpath(name).read_text(encoding="utf-8"))

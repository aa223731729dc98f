"""Deterministic ids for things that have a natural key."""

from __future__ import annotations

import re
from uuid import UUID, uuid5

NAMESPACE = UUID("6f1c2b52-8f0e-4a8e-9a57-3c1f0d7b5e21")

GEMEENTECODE = re.compile(r"GM[0-9]{4}\Z")
"""Use with ``match`` (the whole string): see ``domain/codes.py`` for every pattern."""


def natural_id(kind: str, key: str) -> UUID:
    return uuid5(NAMESPACE, f"{kind}:{key}")

"""What the visibility tests share: the readers (role × own / other gemeente),
their tokens, the seeded markers, and the normalisation that makes answers
for a hidden and for a missing id comparable byte for byte."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest

from service.access.auth import issue_development_token
from service.config import Settings
from service.runtime import Runtime
from tests.reliability.markers import CONCEPT_PLAN, CONCEPT_POINT, OTHER, Markers, seed_markers

READERS: dict[str, dict[str, Any]] = {
    "gemeente GM0317": {"roles": ["gemeente"], "gemeente": CONCEPT_PLAN},
    "gemeente GM0307": {"roles": ["gemeente"], "gemeente": CONCEPT_POINT},
    "gemeente GM0308": {"roles": ["gemeente"], "gemeente": OTHER},
    "secretaris": {"roles": ["secretaris"], "extra": {"gremia": ["amf-bosd", "amf-ssd"]}},
    "projectleider": {"roles": ["projectleider"], "extra": {"projecten": ["VOIT"]}},
    "programmabureau": {"roles": ["programmabureau"]},
    "overleg": {"roles": ["overleg"]},
    "auditor": {"roles": ["auditor"]},
}
SEES_EVERYTHING = ("programmabureau", "overleg", "auditor")


def reader_gemeente(reader: str) -> str | None:
    return READERS[reader].get("gemeente")


def tokens(settings: Settings) -> dict[str, str]:
    return {
        name: issue_development_token(
            settings, roles=c["roles"], name=name, gemeente=c.get("gemeente"), subject=f"leak-{name}",
            extra=c.get("extra"),
        )
        for name, c in READERS.items()
    }  # fmt: skip


@pytest.fixture(scope="module")
async def markers(seeded_runtime: Runtime, seeded_settings: Settings) -> AsyncIterator[Markers]:
    seeded = await asyncio.to_thread(seed_markers, seeded_runtime.commands, seeded_settings.database_url or "")
    head = seeded_runtime.app.recorder.max_notification_id() or 0
    assert await seeded_runtime.wait_for_views(head, 60)
    yield seeded


async def post(client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post(
        "/v1/graphql", json={"query": query, "variables": variables or {}}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return response


REQUEST_ID = re.compile(r"urn:request:[0-9a-f]+|\b[0-9a-f]{32}\b")


def normalised(text: str, *ids: str) -> str:
    """An answer without its request id, with the probed ids replaced by ``<id>``."""
    for i in ids:
        text = text.replace(i, "<id>")
    body = orjson.loads(REQUEST_ID.sub("<request>", text))
    return orjson.dumps(_drop_request_ids(body), option=orjson.OPT_SORT_KEYS).decode()


def _drop_request_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_request_ids(v) for k, v in value.items() if k not in ("requestId", "request_id")}
    if isinstance(value, list):
        return [_drop_request_ids(v) for v in value]
    return value


def missing_uuid() -> str:
    return str(uuid.uuid4())

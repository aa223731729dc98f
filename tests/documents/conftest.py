"""Fixtures for plan documents: the demo data, seeded once per test into a
fresh database, and a reader Context per principal."""

from __future__ import annotations

import asyncio

import pytest

from domain.principal import Principal
from service.demo.seed import seed_demo
from service.runtime import Runtime

PB = Principal("pb-documents", "Programmabureau", frozenset({"programmabureau"}))
AMERSFOORT = Principal("official-amersfoort-beleid-1", "A", frozenset({"gemeente"}), gemeente="GM0307")


@pytest.fixture
async def demo(runtime: Runtime) -> Runtime:
    await asyncio.to_thread(seed_demo, runtime)
    assert await runtime.wait_for_views(await runtime.log_head(), timeout_s=120)
    return runtime

"""Fixtures for the overleg's pack and the dashboard: the demo data, seeded
once per test into a fresh database."""

from __future__ import annotations

import asyncio

import pytest

from service.demo.seed import seed_demo
from service.runtime import Runtime


@pytest.fixture
async def demo(runtime: Runtime) -> Runtime:
    await asyncio.to_thread(seed_demo, runtime)
    assert await runtime.wait_for_views(await runtime.log_head(), timeout_s=120)
    return runtime

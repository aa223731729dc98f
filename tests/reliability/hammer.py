"""Hostile clients in their own process (so their CPU is not the server's):
``python -m tests.reliability.hammer URL TOKEN SECONDS CLIENTS`` sends the
refused shapes of ``hostile_shapes.py`` continuously and prints how many
requests it sent and the highest status it saw."""

from __future__ import annotations

import asyncio
import sys
import time

import httpx

from tests.reliability.hostile_shapes import ANSWERED, SHAPES


async def hammer(url: str, token: str, seconds: float, clients: int) -> tuple[int, int]:
    documents = [q for q, expected in SHAPES.values() if ANSWERED not in expected]
    stop = time.monotonic() + seconds
    sent, worst = [0], [0]

    async def one(index: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as c:
            while time.monotonic() < stop:
                document = documents[(index + sent[0]) % len(documents)]
                response = await c.post(
                    "/v1/graphql", json={"query": document}, headers={"authorization": f"Bearer {token}"}
                )
                sent[0] += 1
                worst[0] = max(worst[0], response.status_code)

    await asyncio.gather(*(one(i) for i in range(clients)))
    return sent[0], worst[0]


if __name__ == "__main__":
    url, token, seconds, clients = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    count, status = asyncio.run(hammer(url, token, seconds, clients))
    sys.stdout.write(f"{count} {status}\n")

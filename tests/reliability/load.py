"""A write load of stand-van-zaken mutations over real HTTP, from threads:
each client posts to its own ontwikkelpunt with a unique text and an
idempotency key, and remembers what was acknowledged."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
import psycopg

from service.commands.base import Envelope
from service.commands.plans.ontwikkelpunt import VoegOntwikkelpuntToe
from service.commands.registry import Commands
from service.graphql.relay import to_global_id
from tests.reliability.scenario import GEMEENTE

STAND = """mutation($input: WerkStandVanZakenBijInput!) { werkStandVanZakenBij(input: $input) {
  __typename ... on UserError { code message } ... on OntwikkelpuntPayload { version position } } }"""


def add_points(commands: Commands, count: int) -> list[UUID]:
    gm = Envelope(principal=GEMEENTE)
    return [
        commands.run(gm, VoegOntwikkelpuntToe(
            gemeente="GM0307", periode="2025-2027", basisfunctie=1, thema="BF1-06", doel=f"Punt {n}",
        )).aggregate_id
        for n in range(count)
    ]  # fmt: skip


def stand_input(punt: UUID, tekst: str) -> dict[str, Any]:
    sv = {"peildatum": dt.date.today().isoformat(), "tekst": tekst, "signaal": "OP_KOERS"}
    return {"ontwikkelpunt": to_global_id("Ontwikkelpunt", str(punt)), "standVanZaken": sv, "idempotencyKey": tekst}


@dataclass
class Writer:
    """One client: posts until stopped or ``limit`` is reached."""

    base: str
    token: str
    punt: UUID
    name: str
    limit: int = 10_000
    acknowledged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def post(self, client: httpx.Client, tekst: str) -> dict[str, Any]:
        body = {"query": STAND, "variables": {"input": stand_input(self.punt, tekst)}}
        response = client.post(f"{self.base}/graphql", json=body, headers={"authorization": f"Bearer {self.token}"})
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def run(self, stop: threading.Event, pause_s: float = 0.0) -> None:
        with httpx.Client(timeout=15) as client:
            for n in range(self.limit):
                if stop.is_set():
                    return
                tekst = f"{self.name}-{n}"
                started = time.monotonic()
                try:
                    data = self.post(client, tekst)
                except httpx.HTTPStatusError as exc:  # an answer: its problem code says what happened
                    self.failed.append((tekst, problem_code(exc.response)))
                    time.sleep(0.05)
                    continue
                except httpx.HTTPError as exc:
                    self.unanswered.append(tekst)
                    self.failed.append((tekst, type(exc).__name__))
                    time.sleep(0.05)
                    continue
                self.latencies.append(time.monotonic() - started)
                result = (data.get("data") or {}).get("werkStandVanZakenBij") or {}
                # SavedNotYetVisible acknowledges the write too (saved; the views follow)
                if result.get("__typename") in ("OntwikkelpuntPayload", "SavedNotYetVisible"):
                    self.acknowledged.append(tekst)
                else:
                    self.failed.append((tekst, str(data.get("errors") or result)))
                if pause_s:
                    time.sleep(pause_s)


def problem_code(response: httpx.Response) -> str:
    """The ``code`` of a problem+json answer (or its status when there is none)."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    code = body.get("code") if isinstance(body, dict) else None
    return str(code or f"HTTP {response.status_code}")


def start_writers(writers: list[Writer], stop: threading.Event, pause_s: float = 0.0) -> list[threading.Thread]:
    threads = [threading.Thread(target=w.run, args=(stop, pause_s), daemon=True) for w in writers]
    for t in threads:
        t.start()
    return threads


def stored_texts(url: str) -> list[str]:
    """The text of every StandVanZakenBijgewerkt event in the store."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT convert_from(state, 'UTF8')::jsonb FROM voortgang_events WHERE topic LIKE %s",
            ("%StandVanZakenBijgewerkt",),
        ).fetchall()
    return [str(_find(r[0], "tekst")) for r in rows]


def _find(state: Any, key: str) -> Any:
    if isinstance(state, dict):
        if key in state:
            return state[key]
        for value in state.values():
            found = _find(value, key)
            if found is not None:
                return found
    return None


def view_texts(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [str(r[0]) for r in conn.execute("SELECT tekst FROM stand_van_zaken_view WHERE sys_to IS NULL")]

"""The signed checkpoints and the exported head: what is MACed, and how.

A checkpoint is written by the service in the transaction of every save
(``service.tamper.recorder``). Its MAC (HMAC-SHA256 with the audit key, which
the database never holds) covers the chain hash after the save, which commits
to every earlier event, and the range of ids the save was given, which says
that nothing else lies between this save and the previous one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, replace
from typing import Any

CHECKPOINT_FORMAT = "voortgang-checkpoint-v1"
HEAD_FORMAT = "voortgang-audit-head-v1"


def mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class Checkpoint:
    last_id: int
    previous_id: int
    first_id: int
    events: int
    chain_hash: bytes
    adopted: int = 0
    mac: bytes = b""

    def message(self) -> str:
        return (
            f"{CHECKPOINT_FORMAT}|{self.previous_id}|{self.first_id}|{self.last_id}|{self.events}|{self.adopted}"
            f"|{self.chain_hash.hex()}"
        )

    def signed(self, key: bytes) -> Checkpoint:
        return replace(self, mac=mac(key, self.message()))

    def valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac, mac(key, self.message()))


COLUMNS = "last_id, previous_id, first_id, events, chain_hash, adopted, mac"
INSERT_CHECKPOINT = f"INSERT INTO event_chain_checkpoint ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
SELECT_CHECKPOINTS = f"SELECT {COLUMNS} FROM event_chain_checkpoint ORDER BY last_id"


def checkpoint_of(row: Any) -> Checkpoint:
    """A row of ``SELECT_CHECKPOINTS``."""
    last, previous, first, events, chain, adopted, signature = row
    return Checkpoint(int(last), int(previous), int(first), int(events), bytes(chain), int(adopted), bytes(signature))


def checkpoint_values(cp: Checkpoint) -> tuple[object, ...]:
    """The parameters of ``INSERT_CHECKPOINT``."""
    return (cp.last_id, cp.previous_id, cp.first_id, cp.events, cp.chain_hash, cp.adopted, cp.mac)


@dataclass(frozen=True)
class SignedHead:
    """The last checkpoint, exported to be kept outside the database
    (``voortgang audit head > FILE``; ``audit verify --against FILE``)."""

    last_id: int
    chain_hash: bytes
    checkpoint_mac: bytes
    exported_at: str
    signature: bytes = b""

    def message(self) -> str:
        return f"{HEAD_FORMAT}|{self.last_id}|{self.chain_hash.hex()}|{self.checkpoint_mac.hex()}|{self.exported_at}"

    @classmethod
    def of(cls, checkpoint: Checkpoint | None, key: bytes) -> SignedHead:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        last, chain, cmac = (checkpoint.last_id, checkpoint.chain_hash, checkpoint.mac) if checkpoint else (0, b"", b"")
        head = cls(last, chain, cmac, now)
        return cls(last, chain, cmac, now, mac(key, head.message()))

    def valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signature, mac(key, self.message()))

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": HEAD_FORMAT,
                "lastId": self.last_id,
                "chainHash": self.chain_hash.hex(),
                "checkpointMac": self.checkpoint_mac.hex(),
                "exportedAt": self.exported_at,
                "signature": self.signature.hex(),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> SignedHead:
        """Raises ``ValueError`` for anything that is not an exported head."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != HEAD_FORMAT:
            raise ValueError("geen geëxporteerde kop van de keten (format ontbreekt)")
        try:
            return cls(
                int(data["lastId"]),
                bytes.fromhex(str(data["chainHash"])),
                bytes.fromhex(str(data["checkpointMac"])),
                str(data["exportedAt"]),
                bytes.fromhex(str(data["signature"])),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"onvolledige kop van de keten: {exc}") from exc

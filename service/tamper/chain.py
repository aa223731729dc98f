"""Verify the tamper-evident hash chain over ``voortgang_events``.

The insert trigger (``migrations/0001``) stores, for every record,
``chain_hash(n) = sha256(chain_hash(n-1) || event_chain_content(n))`` where the
content covers every stored column, and keeps the head in ``event_chain_head``.
Verification walks the store in notification order in batches, recomputes each
hash from the previous *recomputed* hash and compares it with the stored one:

* an edited record (state, topic, time, id) no longer matches its own hash;
* a deleted record breaks the link of the record after it (whose stored hash
  was computed over the deleted one), or, when it was the last, the head;
* swapped records (contents or notification ids) break at the first of them.

Gaps in notification ids are normal (a rolled-back insert uses up sequence
numbers) and are not reported. A complete rewrite of the chain by someone with
write access to both the table and the head is detected with the audit key:
``verify_chain(..., key=...)`` also checks every record against the signed
checkpoints (``service.tamper.verify``), and ``against=`` against a head
exported earlier (``voortgang audit head``), which also finds a roll-back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from service.tamper.keyed import SignedHead
from service.tamper.verify import Broken, CheckpointWalk, check_against

GENESIS = hashlib.sha256(b"").digest()
FIRST_ID = -(2**63)
"""The walk starts below every possible notification id: a row inserted in SQL with id 0 or less is seen too."""

SELECT_BATCH = (
    "SELECT notification_id, chain_hash, event_chain_content(notification_id, originator_id,"
    " originator_version, topic, state, recorded_at)"
    " FROM voortgang_events WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how far it got and the first broken link."""

    checked: int
    head_id: int
    head_hash: bytes
    broken_id: int | None = None
    reason: str | None = None
    keyed: bool = False
    checkpoints: int = 0
    adopted: int = 0
    """Records stored before the store was keyed, vouched for by its first checkpoint."""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


ProgressFn = Callable[[int], None]


def event_total(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM voortgang_events").fetchone()
        return int(row[0]) if row else 0


def _check_batch(
    rows: list[tuple[Any, ...]], previous: bytes, walk: CheckpointWalk | None
) -> tuple[bytes, int, Broken | None]:
    """Recompute the links of ``rows``: the last hash, how many were fine, the first problem."""
    for done, (nid, stored, content) in enumerate(rows):
        expected = hashlib.sha256(previous + bytes(content)).digest()
        if stored is None:
            return previous, done, (int(nid), f"record {nid} heeft geen hash (ingevoegd buiten de trigger)")
        if bytes(stored) != expected:
            reason = f"record {nid}: hash klopt niet (gewijzigd, of een voorgaand record is verwijderd of verwisseld)"
            return previous, done, (int(nid), reason)
        if walk is not None and (problem := walk.step(int(nid), expected)) is not None:
            return previous, done, problem
        previous = expected
    return previous, len(rows), None


def _check_head(conn: psycopg.Connection[Any], last_id: int, last_hash: bytes, checked: int) -> ChainReport:
    row = conn.execute("SELECT notification_id, chain_hash FROM event_chain_head WHERE singleton").fetchone()
    if row is None:
        return ChainReport(checked, last_id, last_hash, broken_id=last_id, reason="de kop van de keten ontbreekt")
    head_id, head_hash = int(row[0]), bytes(row[1])
    if head_id != last_id or head_hash != last_hash:
        reason = (
            f"de kop van de keten wijst naar record {head_id}, het laatste record is {last_id}"
            " (het laatste record is verwijderd of gewijzigd)"
        )
        return ChainReport(checked, last_id, last_hash, broken_id=head_id, reason=reason)
    return ChainReport(checked, last_id, last_hash)


def verify_chain(
    url: str,
    batch_size: int = 5000,
    progress: ProgressFn | None = None,
    key: bytes | None = None,
    against: SignedHead | None = None,
) -> ChainReport:
    """Walk the whole store; stop at the first broken link. With ``key`` also
    check the signed checkpoints, with ``against`` an exported head."""
    previous, last_id, checked = GENESIS, FIRST_ID, 0
    with psycopg.connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        walk = CheckpointWalk.load(conn, key) if key is not None else None

        def report(problem: Broken | None = None) -> ChainReport:
            extra: dict[str, Any] = {"keyed": walk is not None}
            if walk is not None:
                extra |= {"checkpoints": len(walk.checkpoints), "adopted": walk.adopted}
            if problem is not None:
                extra |= {"broken_id": problem[0], "reason": problem[1]}
            return ChainReport(checked, last_id if checked else 0, previous, **extra)

        if walk is not None and walk.problem is not None:
            return report(walk.problem)
        while rows := conn.execute(SELECT_BATCH, (last_id, batch_size)).fetchall():
            previous, done, problem = _check_batch(rows, previous, walk)
            checked += done
            if problem is not None:
                return report(problem)
            last_id = int(rows[-1][0])
            if progress:
                progress(len(rows))
        head = _check_head(conn, last_id if checked else 0, previous, checked)
        if not head.ok:
            return report((int(head.broken_id or 0), str(head.reason)))
        if walk is not None:
            problem = walk.finish()
            if problem is None and against is not None:
                problem = check_against(walk, against)
            return report(problem)
        return report()

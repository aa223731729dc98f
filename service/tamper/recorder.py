"""The keyed insert: the events, the chain hash after them and a signed
checkpoint, in one transaction under the event table's lock.

Three round trips per save (one before keying): BEGIN; ``es_insert_events_keyed``
(``migrations/0510``), which takes the lock, inserts and returns what is signed;
then the checkpoint INSERT and COMMIT together in pipeline mode. The big
statement is never pipelined: psycopg's pipeline mode hangs on saves of a few
hundred kilobytes (docs/decisions.md); the pipelined pair is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import ProgrammingError, StoredEvent

from service.tamper.keyed import INSERT_CHECKPOINT, Checkpoint, checkpoint_values

KEYED_INSERT = "SELECT notification_ids, chain_hash, previous_id, adopted FROM es_insert_events_keyed((%s))"


def insert_signed(recorder: Any, key: bytes, stored_events: Sequence[StoredEvent]) -> list[int]:
    """``recorder`` is the library's ``PostgresApplicationRecorder`` (its datastore and composite type)."""
    rows = [
        recorder.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
        for e in stored_events
    ]
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute("BEGIN")
        try:
            curs.execute(KEYED_INSERT, (rows,), prepare=True)
            ids, checkpoint = _signed_checkpoint(curs.fetchone(), key)
            with conn.pipeline():
                curs.execute(INSERT_CHECKPOINT, checkpoint_values(checkpoint), prepare=True)
                curs.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise
    return ids


def _signed_checkpoint(result: Any, key: bytes) -> tuple[list[int], Checkpoint]:
    """The ids of the save and its checkpoint, from what the insert returned."""
    if result is None or not result["notification_ids"]:
        raise ProgrammingError("de keyed insert gaf geen notification ids terug")
    ids = [int(i) for i in result["notification_ids"]]
    checkpoint = Checkpoint(
        last_id=ids[-1],
        previous_id=int(result["previous_id"]),
        first_id=ids[0],
        events=len(ids),
        chain_hash=bytes(result["chain_hash"]),
        adopted=int(result["adopted"]),
    )
    return ids, checkpoint.signed(key)

"""Check the event store against its signed checkpoints (``voortgang audit verify``).

:class:`CheckpointWalk` follows the walk of ``service.tamper.chain.verify_chain``
record by record, with the chain hash recomputed from genesis:

* every checkpoint's MAC is valid (the audit key is not in the database) and
  each names the one before it, so none was removed, added or edited;
* every record lies in the id range of a checkpoint (a record before the first
  one only when that checkpoint adopted exactly so many), so a row inserted in
  SQL, with or without a valid unkeyed link, is named;
* at each checkpoint the recomputed chain equals the signed hash and the range
  holds exactly the signed number of records, so an edit, deletion, swap or a
  recomputation of the whole chain is found at the first checkpoint after it;
* a signed record that is gone (a deleted tail) is named.

What it cannot see on its own: the deletion of the newest writes together with
their checkpoints (a roll-back). That needs a head kept elsewhere
(:func:`check_against`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.tamper.keyed import SELECT_CHECKPOINTS, Checkpoint, SignedHead, checkpoint_of

Broken = tuple[int, str]


def check_list(checkpoints: list[Checkpoint], key: bytes) -> Broken | None:
    previous = 0
    for cp in checkpoints:
        if not cp.valid(key):
            return (
                cp.last_id,
                f"checkpoint {cp.last_id}: de handtekening klopt niet (gewijzigd, of niet door de service gezet)",
            )
        if cp.previous_id != previous:
            reason = f"checkpoint {cp.last_id} volgt op {cp.previous_id}, de checkpoint ervoor is {previous}"
            return cp.last_id, reason + " (een checkpoint is verwijderd of ingevoegd)"
        if not previous < cp.first_id <= cp.last_id or cp.events < 1 or (cp.adopted and previous):
            return cp.last_id, f"checkpoint {cp.last_id}: ongeldig bereik"
        previous = cp.last_id
    return None


@dataclass
class CheckpointWalk:
    key: bytes
    checkpoints: list[Checkpoint]
    position: int = 0
    in_range: int = 0
    before_first: int = 0
    problem: Broken | None = field(default=None)

    @classmethod
    def load(cls, conn: Any, key: bytes) -> CheckpointWalk:
        checkpoints = [checkpoint_of(row) for row in conn.execute(SELECT_CHECKPOINTS).fetchall()]
        return cls(key, checkpoints, problem=check_list(checkpoints, key))

    @property
    def adopted(self) -> int:
        return self.checkpoints[0].adopted if self.checkpoints else 0

    def step(self, nid: int, chain: bytes) -> Broken | None:
        """Record ``nid`` with its recomputed chain hash; the first problem, if any."""
        if self.position < len(self.checkpoints) and nid > self.checkpoints[self.position].last_id:
            missing = self.checkpoints[self.position].last_id
            return missing, f"record {missing} is ondertekend maar ontbreekt (verwijderd of verplaatst)"
        if self.position >= len(self.checkpoints):
            return nid, f"record {nid} staat na de laatste ondertekende schrijfactie: buiten de service ingevoegd"
        cp = self.checkpoints[self.position]
        if nid < cp.first_id:
            if self.position == 0 and self.before_first < cp.adopted:
                self.before_first += 1
                return None
            return nid, (
                f"record {nid} ligt tussen twee ondertekende schrijfacties ({cp.previous_id} en {cp.first_id}):"
                " buiten de service ingevoegd"
            )
        self.in_range += 1
        if nid == cp.last_id:
            return self._close(cp, chain)
        return None

    def _close(self, cp: Checkpoint, chain: bytes) -> Broken | None:
        if chain != cp.chain_hash:
            return cp.last_id, (
                f"checkpoint {cp.last_id}: de keten tot hier verschilt van de ondertekende (een record tot hier"
                " is gewijzigd, ingevoegd, verwijderd, verwisseld of de keten is herberekend)"
            )
        if self.in_range != cp.events:
            return cp.last_id, f"checkpoint {cp.last_id}: {cp.events} records ondertekend, {self.in_range} gevonden"
        self.position += 1
        self.in_range = 0
        return None

    def finish(self) -> Broken | None:
        if self.position < len(self.checkpoints):
            missing = self.checkpoints[self.position].last_id
            return missing, f"record {missing} is ondertekend maar ontbreekt (verwijderd)"
        if self.checkpoints and self.before_first != self.adopted:
            first = self.checkpoints[0]
            return (
                first.last_id,
                f"checkpoint {first.last_id}: {first.adopted} oudere records overgenomen, {self.before_first} gevonden",
            )
        return None


def check_against(walk: CheckpointWalk, head: SignedHead) -> Broken | None:
    """The store (already walked without a problem) still holds the exported head."""
    if not head.valid(walk.key):
        return head.last_id, "de handtekening van de geëxporteerde kop klopt niet (ander bestand of andere sleutel)"
    if head.last_id == 0:
        return None
    found = next((cp for cp in walk.checkpoints if cp.last_id == head.last_id), None)
    if found is None:
        return head.last_id, (
            f"de geëxporteerde kop (record {head.last_id}, {head.exported_at}) staat niet meer in de event store:"
            " de geschiedenis is teruggedraaid of herschreven"
        )
    if found.mac != head.checkpoint_mac or found.chain_hash != head.chain_hash:
        return head.last_id, f"de keten bij record {head.last_id} verschilt van de geëxporteerde kop: herschreven"
    return None

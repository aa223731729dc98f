"""``voortgang audit verify [--against FILE]`` and ``voortgang audit head``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import psycopg

from service.config import Settings
from service.store.database import resolve_database
from service.tamper.chain import ChainReport, event_total, verify_chain
from service.tamper.keyed import SELECT_CHECKPOINTS, SignedHead, checkpoint_of


def _audit_key(settings: Settings) -> bytes:
    key = settings.audit_key_bytes
    if key is None:
        raise SystemExit("voortgang audit: no audit key; set VOORTGANG_AUDIT_KEY (the key the service signs with)")
    return key


def _verified(
    args: argparse.Namespace, settings: Settings, against: SignedHead | None = None
) -> tuple[ChainReport, int]:
    """Walk the chain with progress; (report, exit code), the failure printed."""
    from tqdm import tqdm

    key = _audit_key(settings)
    database = resolve_database(settings)
    total = event_total(database.url)
    with tqdm(total=total, unit="ev", file=sys.stderr, disable=args.quiet) as bar:
        report = verify_chain(database.url, batch_size=args.batch_size, progress=bar.update, key=key, against=against)
    if not report.ok:
        print(f"BROKEN at notification id {report.broken_id}: {report.reason}", file=sys.stderr)
        return report, 1
    if report.adopted:
        print(
            f"WARNING: {report.adopted} events from before the store was keyed are vouched for by its first"
            " checkpoint only (see docs/history-and-audit.md)",
            file=sys.stderr,
        )
    return report, 0


def audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    against = None
    if args.against is not None:
        try:
            against = SignedHead.from_json(Path(args.against).read_text())
        except (OSError, ValueError) as exc:
            print(f"voortgang audit verify: cannot read {args.against}: {exc}", file=sys.stderr)
            return 2
    report, code = _verified(args, settings, against)
    if code:
        return code
    checked_against = f", matches the head exported at {against.exported_at}" if against else ""
    print(
        f"chain intact: {report.checked} events, {report.checkpoints} signed checkpoints,"
        f" head {report.head_id} {report.head_hash.hex()}{checked_against}"
    )
    return 0


def audit_head(args: argparse.Namespace, settings: Settings) -> int:
    """Verify, then print the signed head (JSON) to keep outside the database."""
    _, code = _verified(args, settings)
    if code:
        print("voortgang audit head: the chain is broken; no head exported", file=sys.stderr)
        return code
    with psycopg.connect(resolve_database(settings).url) as conn:
        rows = conn.execute(SELECT_CHECKPOINTS + " DESC LIMIT 1").fetchall()
    print(SignedHead.of(checkpoint_of(rows[0]) if rows else None, _audit_key(settings)).to_json())
    return 0

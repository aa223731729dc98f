"""Is the projector doing its job? Healthy when every view is held by a live
runner (its advisory lock), the views this process says it owns are held by
*its* lock session, and no view is more than ``max_lag`` events behind.

* ``voortgang project`` answers it on ``/healthz`` of the metrics port
  (``VOORTGANG_METRICS_PORT``; compose's health check): ``active`` when this
  process holds views, ``standby`` when others hold them all;
* ``voortgang project --health`` asks the database only (any process holds
  each view, lag within bounds) and exits 0 or 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from projections.runner import LOCK_NAMESPACE, Projector, lock_key

HOLDERS = (
    "SELECT objid::bigint, pid FROM pg_locks"
    " WHERE locktype = 'advisory' AND granted AND classid = %s::oid AND objsubid = 2"
)
HEAD = "SELECT coalesce(max(notification_id), 0) FROM voortgang_events"


def views_report(url: str, views: Sequence[str], max_lag: int) -> dict[str, Any]:
    """Who holds each view's lock (backend pid) and how far behind each view is."""
    with psycopg.connect(url, autocommit=True, connect_timeout=2, options="-c statement_timeout=2000") as conn:
        holders = {int(key): int(pid) for key, pid in conn.execute(HOLDERS, (LOCK_NAMESPACE,))}
        row = conn.execute(HEAD).fetchone()
        positions = {
            str(name): int(n) for name, n in conn.execute("SELECT projection, position FROM projection_tracking")
        }
    head = int(row[0]) if row else 0
    lag = {view: max(0, head - positions.get(view, 0)) for view in views}
    held = {view: holders.get(lock_key(view)) for view in views}
    behind = sorted(view for view, n in lag.items() if n > max_lag)
    unowned = sorted(view for view, pid in held.items() if pid is None)
    return {"events": head, "lag": lag, "holders": held, "behind": behind, "unowned": unowned, "maxLag": max_lag}


def projector_health(url: str, projector: Projector, max_lag: int) -> tuple[bool, dict[str, Any]]:
    """The health of this process's projector (see the module's text)."""
    views = [p.name for p in projector.projections]
    owned = set(projector.owned)
    try:
        report = views_report(url, views, max_lag)
    except psycopg.Error as exc:
        return False, {"ready": False, "reason": f"database niet bereikbaar: {type(exc).__name__}"}
    lost = sorted(view for view in owned if report["holders"].get(view) != projector.lock_pid)
    report.update(
        role="active" if owned else "standby",
        owned=sorted(owned),
        lost=lost,
        ready=not lost and not report["unowned"] and not report["behind"],
    )
    return bool(report["ready"]), report


def database_health(url: str, views: Sequence[str], max_lag: int) -> tuple[bool, dict[str, Any]]:
    """Health from the database alone: every view held by some runner, none behind."""
    try:
        report = views_report(url, views, max_lag)
    except psycopg.Error as exc:
        return False, {"ready": False, "reason": f"database niet bereikbaar: {type(exc).__name__}"}
    report["ready"] = not report["unowned"] and not report["behind"]
    return bool(report["ready"]), report

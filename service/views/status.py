"""The state of every view, read from ``projection_tracking``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import psycopg

STATUS_QUERY = (
    "SELECT t.projection, t.position, t.stopped_event, t.stopped_error, t.stopped_at, t.updated_at,"
    " (SELECT coalesce(max(notification_id), 0) FROM voortgang_events)"
    " FROM projection_tracking t ORDER BY t.projection"
)
STOPPED_VIEWS_JSON = (
    "SELECT coalesce(json_agg(json_build_object('view', projection, 'eventId', stopped_event,"
    " 'error', stopped_error, 'since', stopped_at) ORDER BY projection), '[]')"
    " FROM projection_tracking WHERE stopped_event IS NOT NULL"
)
"""One JSON array naming every view stopped at a poisoned event (``/readyz``)."""


@dataclass(frozen=True)
class ViewStatus:
    view: str
    position: int
    lag: int
    stopped_event: int | None
    stopped_error: str | None
    stopped_at: dt.datetime | None
    updated_at: dt.datetime

    @property
    def state(self) -> str:
        return "gestopt" if self.stopped_event is not None else ("actueel" if self.lag == 0 else "loopt achter")


def view_statuses(conn: psycopg.Connection[Any]) -> list[ViewStatus]:
    rows = conn.execute(STATUS_QUERY).fetchall()
    return [ViewStatus(str(r[0]), int(r[1]), max(0, int(r[6]) - int(r[1])), r[2], r[3], r[4], r[5]) for r in rows]


def render(statuses: list[ViewStatus]) -> str:
    """The table ``voortgang views status`` prints."""
    lines = [f"{'view':<22} {'positie':>9} {'achter':>7}  status"]
    for s in statuses:
        line = f"{s.view:<22} {s.position:>9} {s.lag:>7}  {s.state}"
        if s.stopped_event is not None:
            since = s.stopped_at.isoformat(timespec="seconds") if s.stopped_at else "?"
            line += f" bij event {s.stopped_event} sinds {since}: {s.stopped_error}"
        lines.append(line)
    return "\n".join(lines) + "\n"

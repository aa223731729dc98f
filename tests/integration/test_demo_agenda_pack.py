"""Done-when: for the demo data, the agenda pack "since the last bestuurlijk
overleg" lists exactly the changes recorded between the two meetings, read
page by page (7 a page) as a client pages through the paginated query."""

from __future__ import annotations

import datetime as dt

import psycopg

from domain.overleg import overleg_id
from projections.history import changes
from service.demo.seed import seed_demo
from service.runtime import Runtime
from tests.integration.test_history import all_changes

BODY = "zhz-bo"
SECOND = overleg_id(BODY, dt.date(2022, 10, 13))


async def test_the_demo_agenda_pack_lists_exactly_the_changes_recorded_between_the_two_meetings(
    sync_runtime: Runtime,
) -> None:
    seed_demo(sync_runtime)
    sync_runtime.projector().catch_up()
    async with await psycopg.AsyncConnection.connect(sync_runtime.database.url, autocommit=True) as conn:
        t1, t2 = await changes.agenda_window(conn, BODY, SECOND, None)
        rows = await all_changes(conn, changes.ChangeSubject(), (t1, t2), size=7)
        counts = await changes.group_counts(conn, changes.ChangeSubject(), None, (t1, t2))
        cur = await conn.execute(
            "SELECT notification_id FROM voortgang_events WHERE notification_id > %s AND notification_id <= %s"
            " AND topic NOT LIKE 'domain.idempotency:%%' ORDER BY 1",
            (t1, t2),
        )
        recorded = [int(r[0]) for r in await cur.fetchall()]
    assert t2 is not None and 0 < t1 < t2
    assert recorded
    assert len(rows) > 7, "the pack spans several pages"
    assert sorted(r.position for r in rows) == recorded
    assert len({r.position for r in rows}) == len(rows)
    assert [r.groep for r in rows] == [c.key for c in counts for _ in range(c.count)]
    assert any(r.position == t2 and r.event_type == "Overleg.Gehouden" for r in rows)

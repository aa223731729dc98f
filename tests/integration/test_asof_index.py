"""As-of at the cost of now (issue 14 part 5): the as-of read of a plan's
points (``projections.temporal.visible`` as of a position), as the API reads
it (the API role under row-level security), uses the index of migration 0596
and reads only the versions current at that position, not every version up to
it: under a policy only leakproof conditions can be index conditions."""

from __future__ import annotations

import psycopg

from projections import temporal
from service.store.database import Database


def test_as_of_reads_only_the_versions_current_then(database: Database) -> None:
    """100 versions of each of 3 points; as of the middle the index hands out 3 rows, as the API reads."""
    plan = "00000000-0000-0000-0000-000000000001"
    with psycopg.connect(database.url) as conn:
        cols = temporal.columns(conn.cursor(), "ontwikkelpunt_view")
        assert "sys_to" in cols
        for n in range(3):
            punt = f"00000000-0000-0000-0000-00000000010{n}"
            conn.execute(
                "INSERT INTO ontwikkelpunt_view (punt_id, plan_id, gemeente, periode, basisfunctie, thema, doel,"
                " status, version, toegevoegd_positie, sys_from, sys_to)"
                " SELECT %s, %s, 'GM0001', '2025', 1, 't', 'doel', 'concept', v, 1, v * 10 + %s,"
                " CASE WHEN v < 100 THEN (v + 1) * 10 + %s END FROM generate_series(1, 100) v",
                (punt, plan, n, n),
            )
        conn.execute("ANALYZE ontwikkelpunt_view")
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET ROLE voortgang_api")  # under the policies, as the programme office
        conn.execute("SELECT set_config('voortgang.rollen', 'programmabureau', false)")
        query = psycopg.sql.SQL("SELECT o.punt_id, o.version FROM ontwikkelpunt_view o WHERE o.plan_id = %s AND {}")
        statement = query.format(temporal.visible("o", 505))
        rows = conn.execute(statement, (plan,)).fetchall()
        assert sorted(int(r[1]) for r in rows) == [50, 50, 50]
        explain = conn.execute(
            psycopg.sql.SQL("EXPLAIN (ANALYZE, FORMAT JSON) {}").format(statement), (plan,)
        ).fetchone()
    assert explain is not None
    scans = list(_index_scans(explain[0][0]["Plan"]))
    assert scans and {name for name, _ in scans} == {"ontwikkelpunt_view_plan_span"}, scans
    assert sum(found for _, found in scans) == 3  # both arms (sys_to > T, sys_to IS NULL) of a BitmapOr


def _index_scans(node: dict[str, object]) -> list[tuple[str, int]]:
    found = []
    if "Index Name" in node:
        found.append((str(node["Index Name"]), int(node["Actual Rows"])))  # type: ignore[call-overload]
    for child in node.get("Plans", []):  # type: ignore[attr-defined]
        found += _index_scans(child)
    return found

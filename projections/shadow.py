"""The shadow schema of an online rebuild (:mod:`projections.rebuild`): view
tables built beside the live ones, then swapped in by moving schemas.

* :func:`create` makes, for every view table, an empty table ``LIKE`` the
  live one (columns, defaults, checks) with its primary key and unique
  indexes under the live names (a schema has its own index names); the other
  indexes of views with ``Projection.deferred_indexes`` are left for later.
* :func:`finish` builds those indexes in one pass each (much cheaper than
  keeping them up to date row by row) and analyzes the tables.
* :func:`swap`, in the caller's transaction: every live table moves to
  :data:`RETIRED`, its shadow moves into the live schema (same name, same
  index and constraint names, the live table's grants and row-level security:
  enablement and policies, which ``LIKE`` does not copy), and the tracking
  positions are copied; the response cache's scope triggers are put on the
  new tables and its generation bumped (migration 0525). Readers wait only for the catalogue change; a
  prepared statement is planned again against the new table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from projections.base import Projection

SHADOW = "voortgang_rebuild"
RETIRED = "voortgang_retired"
TRACKING = "projection_tracking"

_INDEXES = (  # each index of a live table, its definition moved onto the shadow table (same index name)
    "SELECT replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident(%(live)s) || '.' || quote_ident(%(t)s) || ' ',"
    " ' ON ' || quote_ident(%(shadow)s) || '.' || quote_ident(%(t)s) || ' '), i.indisunique,"
    " c.conname, pg_get_constraintdef(c.oid)"
    " FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid"
    " WHERE i.indrelid = %(rel)s::regclass ORDER BY i.indexrelid"
)


def view_tables(projections: Sequence[Projection]) -> list[tuple[str, bool]]:
    """(table, whether its non-unique indexes may wait until the load is done)."""
    return [(t, p.deferred_indexes) for p in projections for t in p.tables]


def _qualified(conn: psycopg.Connection[Any], schema: str, table: str) -> str:
    return sql.Identifier(schema, table).as_string(conn)


def create(conn: psycopg.Connection[Any], live: str, projections: Sequence[Projection]) -> list[str]:
    """An empty shadow schema; returns the index definitions left for :func:`finish`."""
    deferred: list[str] = []
    with conn.transaction():
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(SHADOW)))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SHADOW)))
        for table, defer in view_tables(projections):
            conn.execute(
                sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)").format(
                    sql.Identifier(SHADOW, table), sql.Identifier(live, table)
                )
            )
            params = {"live": live, "shadow": SHADOW, "t": table, "rel": _qualified(conn, live, table)}
            for indexdef, unique, conname, condef in conn.execute(_INDEXES, params).fetchall():
                if conname:  # primary key or unique constraint: the same constraint, same name
                    conn.execute(
                        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                            sql.Identifier(SHADOW, table), sql.Identifier(conname), sql.SQL(condef)
                        )
                    )
                elif f" ON {SHADOW}." not in indexdef:
                    raise RuntimeError(f"cannot move index onto the shadow table: {indexdef}")
                elif unique or not defer:
                    conn.execute(sql.SQL(indexdef))
                else:
                    deferred.append(str(indexdef))
        conn.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(
                sql.Identifier(SHADOW, TRACKING), sql.Identifier(live, TRACKING)
            )
        )
    return deferred


def finish(conn: psycopg.Connection[Any], deferred: Sequence[str], projections: Sequence[Projection]) -> None:
    """Build the deferred indexes and analyze the shadow tables."""
    for indexdef in deferred:
        conn.execute(sql.SQL(indexdef))
    for table, _ in view_tables(projections):
        conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(SHADOW, table)))


def _grants(conn: psycopg.Connection[Any], live: str, table: str) -> list[sql.Composed]:
    rows = conn.execute(
        "SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END"
        " FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = %s::regclass AND a.grantee <> c.relowner",
        (_qualified(conn, live, table),),
    ).fetchall()
    return [
        sql.SQL("GRANT {} ON {} TO {}").format(
            sql.SQL(str(privilege)),
            sql.Identifier(SHADOW, table),
            sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.SQL(str(grantee)),
        )
        for privilege, grantee in rows
    ]


_POLICIES = (
    "SELECT policyname, permissive, roles::text[], cmd, qual, with_check FROM pg_policies"
    " WHERE schemaname = %s AND tablename = %s ORDER BY policyname"
)


def _row_security(conn: psycopg.Connection[Any], live: str, table: str) -> list[sql.Composed]:
    """The live table's row-level security (``LIKE`` copies none), as statements for its
    successor; read before the move, so the policies' expressions name the live tables."""
    name = sql.Identifier(live, table)
    row = conn.execute(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass",
        (_qualified(conn, live, table),),
    ).fetchone()
    out: list[sql.Composed] = []
    if row and row[0]:
        out.append(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
    if row and row[1]:
        out.append(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
    for policy, permissive, roles, cmd, qual, check in conn.execute(_POLICIES, (live, table)).fetchall():
        to = sql.SQL(", ").join(sql.SQL("PUBLIC") if r == "public" else sql.Identifier(r) for r in roles)
        out.append(
            sql.SQL("CREATE POLICY {} ON {} AS {} FOR {} TO {}{}{}").format(
                sql.Identifier(policy),
                name,
                sql.SQL(str(permissive)),
                sql.SQL(str(cmd)),
                to,
                sql.SQL(f" USING ({qual})" if qual else ""),
                sql.SQL(f" WITH CHECK ({check})" if check else ""),
            )
        )
    return out


def swap(conn: psycopg.Connection[Any], live: str, projections: Sequence[Projection]) -> None:
    """Move the shadow tables into the live schema and copy the tracking (caller's transaction);
    the new tables get the live ones' grants and row-level security (enablement and policies)."""
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(RETIRED)))
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(RETIRED)))
    security = [stmt for table, _ in view_tables(projections) for stmt in _row_security(conn, live, table)]
    for table, _ in view_tables(projections):
        for grant in _grants(conn, live, table):
            conn.execute(grant)
        conn.execute(
            sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(sql.Identifier(live, table), sql.Identifier(RETIRED))
        )
        conn.execute(
            sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(sql.Identifier(SHADOW, table), sql.Identifier(live))
        )
    for statement in security:  # after every move: the policies' table names resolve to the new tables
        conn.execute(statement)
    conn.execute(
        sql.SQL(
            "INSERT INTO {} (projection, position) SELECT projection, position FROM {} WHERE projection = ANY(%s)"
            " ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position, stopped_event = NULL,"
            " stopped_error = NULL, stopped_at = NULL, updated_at = clock_timestamp()"
        ).format(sql.Identifier(live, TRACKING), sql.Identifier(SHADOW, TRACKING)),
        ([p.name for p in projections],),
    )
    # the new tables have no triggers (LIKE copies none): put the response cache's scope
    # triggers back (migration 0525) and retire every cached answer (the rows were rebuilt)
    conn.execute(
        "SELECT response_cache_track(view_table) FROM response_cache_scope_rule WHERE view_table = ANY(%s)",
        ([t for t, _ in view_tables(projections)],),
    )
    conn.execute("UPDATE response_cache_generation SET generation = generation + 1")


def drop(conn: psycopg.Connection[Any]) -> None:
    for schema in (SHADOW, RETIRED):
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

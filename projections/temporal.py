"""Temporal view tables: the one as-of mechanism shared by every view.

Every view table has ``sys_from`` and ``sys_to`` columns holding event-log
positions. A projection never updates a row in place: it closes the current
version (``sys_to = position``) and inserts the next one. The current view is
``sys_to IS NULL``; the view as of position *p* is
``sys_from <= p AND (sys_to IS NULL OR sys_to > p)``, which a GiST index on
(column, sys_from, sys_to) answers for a read across keys (migration 0596: the
points of a plan), so its cost does not grow with the history; a read by key
walks the primary key (key, sys_from) with it as a filter. An instant maps to the
last position recorded at or before it. Because positions come from the
events, a rebuild produces exactly the same rows, history included.

Valid time (issue 16). Every version of a row in :data:`VALID_TIME` also
carries the date in reality it is about (``geldig_op``: the event's
``peildatum``, or the UTC day it was recorded; a stand van zaken has its own
``peildatum``). Read "as it stood on date D, as known at position T"
(:func:`valid_time` around the reads): per key, the latest version recorded at
or before T whose date is at or before D, i.e. the state right after the
latest change about D or earlier that was known at T. A row ended without a
successor (deleted) by T is gone whatever D is.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from psycopg import Cursor, sql

from projections.batch_writer import copy_rows, writer_for

_columns: dict[str, list[str]] = {}


def columns(cur: Cursor[Any], table: str) -> list[str]:
    cached = _columns.get(table)
    if cached is None:
        rows = cur.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            (table,),
        ).fetchall()
        cached = [str(r[0]) for r in rows]
        _columns[table] = cached
    return cached


def _where(key: Iterable[str]) -> sql.Composable:
    return sql.SQL(" AND ").join(sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(f"k_{k}")) for k in key)


def _params(key: Mapping[str, Any], values: Mapping[str, Any], pos: int) -> dict[str, Any]:
    params = {f"k_{k}": v for k, v in key.items()}
    params.update({f"v_{k}": v for k, v in values.items()})
    params["pos"] = pos
    return params


_statements: dict[tuple[Any, ...], bytes] = {}


def _statement(cur: Cursor[Any], key: tuple[Any, ...], build: Callable[[], sql.Composable]) -> bytes:
    """A composed statement as bytes, composed once per shape (table, columns)."""
    found = _statements.get(key)
    if found is None:
        found = _statements[key] = build().as_bytes(cur)
    return found


def _insert_sql(cur: Cursor[Any], table: str, names: tuple[str, ...]) -> bytes:
    return _statement(
        cur,
        ("insert", table, names),
        lambda: sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.Placeholder(f"v_{n}") for n in names),
        ),
    )


def insert(cur: Cursor[Any], table: str, row: Mapping[str, Any], pos: int) -> None:
    """Insert a new current row that becomes visible at ``pos``."""
    if (w := writer_for(cur)) is not None:
        w.insert(table, row, pos)
        return
    query = _insert_sql(cur, table, (*row, "sys_from"))
    cur.execute(query, {**{f"v_{k}": v for k, v in row.items()}, "v_sys_from": pos})


COPY_FROM_ROWS = 64
"""From this many rows on, :func:`insert_many` uses COPY (two round trips but
fast per row); fewer rows go in one pipelined ``executemany`` (one round trip)."""


def insert_many(cur: Cursor[Any], table: str, rows: Sequence[tuple[Mapping[str, Any], int]]) -> None:
    """Insert many new current rows, each visible from its own position (a
    batch hook's bulk form of :func:`insert`; not in pipeline mode). Every row
    has the columns of the first."""
    if not rows:
        return
    if (w := writer_for(cur)) is not None:
        for row, pos in rows:
            w.insert(table, row, pos)
        return
    names = (*rows[0][0], "sys_from")
    if len(rows) < COPY_FROM_ROWS:
        params = [{**{f"v_{k}": v for k, v in row.items()}, "v_sys_from": pos} for row, pos in rows]
        cur.executemany(_insert_sql(cur, table, names), params)
        return
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    copy_rows(cur, copy, [(*row.values(), pos) for row, pos in rows])


def _update_sql(cur: Cursor[Any], table: str, key: Sequence[str], changes: Sequence[str]) -> sql.Composable:
    """One statement for both cases of :func:`update`: close the current row
    and insert its next version (current row born before ``pos``), or change
    it in place (a second change by the same event: born at ``pos``). The two
    branches match disjoint rows, and at most one row is current."""
    cols = columns(cur, table)
    select_list = [
        sql.Placeholder(f"v_{c}")
        if c in changes
        else sql.Placeholder("pos")
        if c == "sys_from"
        else sql.NULL
        if c == "sys_to"
        else sql.Identifier(c)
        for c in cols
    ]
    assignments = [sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(f"v_{c}")) for c in changes]
    return sql.SQL(
        "WITH old AS (UPDATE {t} SET sys_to = %(pos)s WHERE {w} AND sys_to IS NULL AND sys_from < %(pos)s RETURNING *),"
        " ins AS (INSERT INTO {t} ({cols}) SELECT {sel} FROM old RETURNING 1),"
        " same AS (UPDATE {t} SET {s} WHERE {w} AND sys_to IS NULL AND sys_from = %(pos)s RETURNING 1)"
        " SELECT (SELECT count(*) FROM ins) + (SELECT count(*) FROM same)"
    ).format(
        t=sql.Identifier(table),
        w=_where(key),
        cols=sql.SQL(", ").join(map(sql.Identifier, cols)),
        sel=sql.SQL(", ").join(select_list),
        # with no changes an in-place update still touches the row (count), like before
        s=sql.SQL(", ").join(assignments) if assignments else sql.SQL("sys_from = sys_from"),
    )


def _execute_update(cur: Cursor[Any], table: str, key: Mapping[str, Any], changes: Mapping[str, Any], pos: int) -> None:
    query = _statement(cur, ("update", table, *key, "|", *changes), lambda: _update_sql(cur, table, [*key], [*changes]))
    cur.execute(query, _params(key, changes, pos))


def update(cur: Cursor[Any], table: str, key: Mapping[str, Any], changes: Mapping[str, Any], pos: int) -> int:
    """Change columns of the current row identified by ``key`` from ``pos`` on.

    Returns the number of rows changed (0 when there is no current row).
    """
    if (w := writer_for(cur)) is not None:
        return w.change(table, key, changes, pos)
    _execute_update(cur, table, key, changes, pos)
    row = cur.fetchone()
    return int(row[0]) if row else 0


def change(cur: Cursor[Any], table: str, key: Mapping[str, Any], changes: Mapping[str, Any], pos: int) -> None:
    """:func:`update` without reading how many rows changed, so that a view
    applied in pipeline mode (``Projection.pipeline``) does not wait for it."""
    if (w := writer_for(cur)) is not None:
        w.change(table, key, changes, pos)
        return
    _execute_update(cur, table, key, changes, pos)


def delete(cur: Cursor[Any], table: str, key: Mapping[str, Any], pos: int) -> int:
    """End the current row identified by ``key`` at ``pos``."""
    if (w := writer_for(cur)) is not None:
        return w.delete(table, key, pos)
    query = _statement(
        cur,
        ("delete", table, *key),
        lambda: sql.SQL(
            "WITH closed AS (UPDATE {t} SET sys_to = %(pos)s WHERE {w} AND sys_to IS NULL AND sys_from < %(pos)s"
            " RETURNING 1), gone AS (DELETE FROM {t} WHERE {w} AND sys_to IS NULL AND sys_from = %(pos)s RETURNING 1)"
            " SELECT (SELECT count(*) FROM closed) + (SELECT count(*) FROM gone)"
        ).format(t=sql.Identifier(table), w=_where(key)),
    )
    cur.execute(query, _params(key, {}, pos))
    row = cur.fetchone()
    return int(row[0]) if row else 0


CURRENT = 2**62
"""The position that stands for "now" in :func:`visible`."""

AS_OF = sql.Placeholder("as_of")
"""The position as the statement parameter ``%(as_of)s``: a statement composed
with it as ``as_of`` serves every position (the compiled read path composes its
as-of statement once per document), the position given in the parameters."""

AsOf = int | sql.Placeholder | None
"""A position to read at: a number, :data:`AS_OF` (a parameter), or None (now)."""


def position(as_of: int | sql.Placeholder) -> sql.Composable:
    """The position in SQL, as a bigint: a literal, or the parameter."""
    value = as_of if isinstance(as_of, sql.Placeholder) else sql.Literal(int(as_of))
    return sql.SQL("{}::int8").format(value)


VALID_TIME: dict[str, tuple[tuple[str, ...], str]] = {
    "ontwikkelplan_view": (("plan_id",), "geldig_op"),
    "ontwikkelpunt_view": (("punt_id",), "geldig_op"),
    "deelstap_view": (("punt_id", "deelstap_id"), "geldig_op"),
    "planning_historie_view": (("punt_id", "positie"), "geldig_op"),
    "stand_van_zaken_view": (("subject_id", "volgnummer"), "peildatum"),
    "regionaal_punt_view": (("punt_id",), "geldig_op"),
    "regionale_voortgang_view": (("voortgang_id",), "geldig_op"),
    # the programme views (migrations 0541-0544)
    "programma_view": (("programma_id",), "geldig_op"),
    "programma_fase_view": (("programma_id", "fase"), "geldig_op"),
    "programma_initiatief_view": (("programma_id", "naam"), "geldig_op"),
    "project_view": (("project_id",), "geldig_op"),
    "project_doel_view": (("project_id", "nummer"), "geldig_op"),
    "project_lokale_planning_view": (("project_id", "gemeente"), "geldig_op"),
    "project_voortgang_view": (("project_id", "versie"), "geldig_op"),
    "mijlpaal_view": (("mijlpaal_id",), "geldig_op"),
    "mijlpaal_instantie_view": (("mijlpaal_id", "gemeente"), "geldig_op"),
    "mijlpaal_verplaatsing_view": (("mijlpaal_id", "gemeente", "versie"), "geldig_op"),
    "mijlpaal_afhankelijkheid_view": (("mijlpaal_id", "voorganger_id"), "geldig_op"),
    "begroting_view": (("begroting_id",), "geldig_op"),
    "begroting_regel_view": (("programma", "code"), "geldig_op"),
    "begroting_regel_jaar_view": (("programma", "code", "jaar"), "geldig_op"),
    "begroting_bron_view": (("programma", "naam"), "geldig_op"),
    "begroting_realisatie_view": (("programma", "versie"), "geldig_op"),
    "begroting_verantwoording_view": (("programma", "halfjaar"), "geldig_op"),
    "risico_view": (("risico_id",), "geldig_op"),
    "risico_historie_view": (("risico_id", "versie"), "geldig_op"),
    # governance, history and registry views (migration 0545)
    "regio_view": (("regio_id",), "geldig_op"),
    "gemeente_view": (("regio_id", "code"), "geldig_op"),
    "gremium_view": (("gremium_id",), "geldig_op"),
    "gremium_zetel_view": (("gremium_id", "organisatie"), "geldig_op"),
    "mandaat_regel_view": (("regio", "versie", "volgnr"), "geldig_op"),
    "overleg_view": (("overleg_id",), "geldig_op"),
    "overleg_agendapunt_view": (("overleg_id", "nummer"), "geldig_op"),
    "overleg_aanwezige_view": (("overleg_id", "volgnr"), "geldig_op"),
    "overleg_rapportage_view": (("overleg_id", "positie"), "geldig_op"),
    "besluit_view": (("besluit_id",), "geldig_op"),
    "besluit_beslispunt_view": (("besluit_id", "nummer"), "geldig_op"),
    "besluit_advies_view": (("besluit_id", "positie"), "geldig_op"),
    "besluit_koppeling_view": (("besluit_id", "soort", "object_id"), "geldig_op"),
    "besluit_historie_view": (("besluit_id", "positie"), "geldig_op"),
    "besluit_effect_view": (("besluit_id", "positie"), "geldig_op"),
    "audit_trail": (("position",), "geldig_op"),
}
"""The view tables with valid time: their key (without ``sys_from``) and the column with the date."""

_peildatum: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("voortgang_peildatum", default=None)


@contextlib.contextmanager
def valid_time(peildatum: dt.date | None) -> Iterator[None]:
    """Read the valid-time views as they stood on ``peildatum`` (None: as recorded)."""
    token = _peildatum.set(peildatum)
    try:
        yield
    finally:
        _peildatum.reset(token)


def current_peildatum() -> dt.date | None:
    """The peildatum the reads of this task use (see :func:`valid_time`)."""
    return _peildatum.get()


def valid_on(event: Any, recorded_at: dt.datetime) -> dt.date:
    """The date in reality an event is about: its ``peildatum``, or the UTC day it was recorded."""
    peildatum = getattr(event, "peildatum", None)
    if isinstance(peildatum, dt.date):
        return peildatum
    return recorded_at.astimezone(dt.UTC).date()


def _valid_visible(alias: str, as_of: AsOf, table: str, peildatum: dt.date) -> sql.Composable:
    key, column = VALID_TIME[table]
    a, t, c = sql.Identifier(alias), sql.Identifier(table), sql.Identifier(column)
    p = position(as_of if as_of is not None else CURRENT)
    same = sql.SQL(" AND ").join(sql.SQL("n.{k} = {a}.{k}").format(k=sql.Identifier(k), a=a) for k in key)
    return sql.SQL(
        "({a}.sys_from <= {p} AND {a}.{c} <= {d}"
        " AND NOT EXISTS (SELECT 1 FROM {t} n WHERE {same} AND n.sys_from > {a}.sys_from AND n.sys_from <= {p}"
        " AND n.{c} <= {d})"
        " AND ({a}.sys_to IS NULL OR {a}.sys_to > {p}"
        " OR EXISTS (SELECT 1 FROM {t} n WHERE {same} AND n.sys_from = {a}.sys_to)))"
    ).format(a=a, p=p, c=c, d=sql.Literal(peildatum), t=t, same=same)


def visible(alias: str, as_of: AsOf, table: str | None = None) -> sql.Composable:
    """The SQL condition that selects the rows of ``alias`` visible as of a
    position (or the current rows when ``as_of`` is None). With ``table`` (one
    of :data:`VALID_TIME`) inside :func:`valid_time`, the rows as they stood on
    that peildatum, as known at ``as_of``."""
    peildatum = _peildatum.get()
    if table is not None and peildatum is not None:
        return _valid_visible(alias, as_of, table, peildatum)
    a = sql.Identifier(alias)
    if as_of is None:
        return sql.SQL("{}.sys_to IS NULL").format(a)
    # Only leakproof operators (int8 comparisons, IS NULL): under row-level
    # security PostgreSQL evaluates no other condition before the policy, so
    # only these can be index conditions. The GiST (plan_id, sys_from, sys_to)
    # of migration 0596 answers both arms (a BitmapOr); the btree indexes on
    # (key, sys_from) take sys_from <= p. `int8range(sys_from, sys_to) @> p`
    # (0531) was never an index condition under the policies.
    p = position(as_of)
    return sql.SQL("({a}.sys_from <= {p} AND ({a}.sys_to IS NULL OR {a}.sys_to > {p}))").format(a=a, p=p)


POSITION_AT = (
    "SELECT coalesce((SELECT notification_id FROM voortgang_events WHERE recorded_at <= %s"
    " ORDER BY recorded_at DESC, notification_id DESC LIMIT 1), 0)"
)
"""The last log position recorded at or before an instant. ``recorded_at`` grows
with ``notification_id`` (both set under the insert's table lock), so that is the
last entry of the index ``(recorded_at, notification_id)`` at or before the
instant: one probe, where ``max(notification_id)`` read every entry up to the
instant (its cost grew with the log)."""

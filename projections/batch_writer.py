"""Set-based writes of temporal rows: a batch folds its changes in memory and
writes each table once.

While a :class:`BatchWriter` is active on a cursor (``with active(cur) as w``,
used by the runner for views with ``Projection.buffered``), the functions of
:mod:`projections.temporal` (``insert``, ``insert_many``, ``update``,
``change``, ``delete``) do not send SQL: they change the writer's picture of
the rows the batch touches. :meth:`BatchWriter.flush` then writes, per table,
one ``UPDATE … FROM unnest(…)`` that closes the versions that existed before
the batch and one COPY of every version born in the batch (intermediate
versions with their ``sys_to``). The rows are exactly those that applying the
events one by one writes (same positions, same in-place change for a second
change by the same event), so as-of answers and rebuilds do not change.

A row the batch changes is read once: either preloaded in ``begin_batch``
(:meth:`BatchWriter.preload`, one ``= ANY`` query per table) or, when missing,
by one lookup on first touch. Handlers of a buffered view must read the rows
of their own tables through the writer (:meth:`BatchWriter.current`,
:meth:`BatchWriter.current_rows`), never with SQL: the table does not hold
the batch's changes until the flush.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from projections import copy_text

Row = dict[str, Any]
COPY_FROM_ROWS = 32
"""From this many new versions of a table on, the flush uses COPY (two round
trips, cheap per row); fewer go in one multi-row INSERT (one round trip)."""
Key = tuple[Any, ...]


@dataclass(frozen=True)
class TableSpec:
    """What the writer needs to know of a temporal table (read once)."""

    name: str
    columns: tuple[str, ...]  # every column, table order, sys_from and sys_to included
    key: tuple[str, ...]  # primary key without sys_from
    types: dict[str, str]  # column -> SQL type (format_type)
    defaults: dict[str, Any]  # column -> its constant default, for columns an insert leaves out
    template: dict[str, Any]  # every column but sys_from/sys_to -> its default (or None)


_specs: dict[str, TableSpec] = {}


def table_spec(cur: Cursor[Any], table: str) -> TableSpec:
    found = _specs.get(table)
    if found is not None:
        return found
    rows = cur.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid),"
        " a.attnum = ANY(coalesce(i.indkey::int2[], '{}'))"
        " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        " LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary"
        " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        (table,),
    ).fetchall()
    defaults: dict[str, Any] = {}
    exprs = [(str(r[0]), str(r[2])) for r in rows if r[2] is not None]
    if exprs:
        query = sql.SQL("SELECT {}").format(sql.SQL(", ").join(sql.SQL(e) for _, e in exprs))
        values = cur.execute(query).fetchone() or ()
        defaults = {name: _wrap(types_of(rows)[name], v) for (name, _), v in zip(exprs, values, strict=True)}
    names = [str(r[0]) for r in rows if r[0] not in ("sys_from", "sys_to")]
    spec = TableSpec(
        name=table,
        template={n: defaults.get(n) for n in names},
        columns=tuple(str(r[0]) for r in rows),
        key=tuple(str(r[0]) for r in rows if r[3] and r[0] != "sys_from"),
        types=types_of(rows),
        defaults=defaults,
    )
    _specs[table] = spec
    return spec


def types_of(rows: Sequence[Sequence[Any]]) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in rows}


def _wrap(sql_type: str, value: Any) -> Any:
    """A value read from the database, ready to be written back (jsonb needs its wrapper)."""
    if sql_type == "jsonb" and value is not None and not isinstance(value, Jsonb):
        return Jsonb(value)
    return value


@dataclass(slots=True)
class Version:
    """One version of a row born in this batch."""

    values: Row
    sys_from: int
    sys_to: int | None = None
    dead: bool = False  # deleted by the event that created it: never written


@dataclass(slots=True)
class RowState:
    """The batch's picture of one key: the version current now, and when the
    version that was current before the batch (``stored``) ends."""

    current: Row | None
    version: Version | None = None  # the current version, when born in this batch
    stored: bool = False  # the current row (or the one the batch closed) is in the table
    stored_closed_at: int | None = None


@dataclass
class TableBuffer:
    spec: TableSpec
    rows: dict[Key, RowState] = field(default_factory=dict)
    born: list[Version] = field(default_factory=list)
    loaded: dict[str, set[Any]] = field(default_factory=dict)  # column -> values whose current rows are loaded

    def key_of(self, values: Mapping[str, Any]) -> Key:
        return tuple(values[k] for k in self.spec.key)


class BatchWriter:
    """The rows one batch of one view changes, folded in memory."""

    def __init__(self, cur: Cursor[Any]) -> None:
        self.cur = cur
        self.tables: dict[str, TableBuffer] = {}

    def _table(self, table: str) -> TableBuffer:
        buf = self.tables.get(table)
        if buf is None:
            buf = self.tables[table] = TableBuffer(table_spec(self.cur, table))
        return buf

    # -- reading -----------------------------------------------------------------
    def preload(self, table: str, column: str, values: Sequence[Any]) -> None:
        """Read the current rows whose ``column`` is one of ``values`` (one query)."""
        self.preload_many([(table, column, values)])

    def preload_many(self, wanted: Sequence[tuple[str, str, Sequence[Any]]]) -> None:
        """:meth:`preload` for several tables: the queries are pipelined (one round trip)."""
        queries = []
        for table, column, values in wanted:
            buf = self._table(table)
            done = buf.loaded.setdefault(column, set())
            todo = list({v for v in values if v not in done})
            if todo:
                done.update(todo)
                queries.append((buf, column, todo))
        if not queries:
            return
        conn = self.cur.connection
        with conn.pipeline() if len(queries) > 1 else contextlib.nullcontext():
            cursors = [(buf, conn.cursor()) for buf, _, _ in queries]
            for (buf, column, todo), (_, cur) in zip(queries, cursors, strict=True):
                query = _cached(cur, ("preload", buf.spec.name, column), partial(_preload_sql, buf.spec, column))
                cur.execute(query, (todo,))
            for buf, cur in cursors:
                self._loaded(buf, cur.fetchall())
                cur.close()

    @staticmethod
    def _loaded(buf: TableBuffer, rows: Sequence[Sequence[Any]]) -> None:
        spec = buf.spec
        names = list(spec.template)
        for row in rows:
            values_ = {n: _wrap(spec.types[n], v) for n, v in zip(names, row, strict=False)}
            key = buf.key_of(values_)
            if key not in buf.rows:
                buf.rows[key] = RowState(current=values_, stored=True)

    def _state(self, table: str, key: Mapping[str, Any]) -> tuple[TableBuffer, RowState]:
        buf = self._table(table)
        k = tuple(key[c] for c in buf.spec.key) if len(key) == len(buf.spec.key) else None
        if k is None:
            raise ValueError(f"{table}: a change needs the whole key {buf.spec.key}, got {tuple(key)}")
        state = buf.rows.get(k)
        if state is None:
            if not any(key[c] in buf.loaded.get(c, ()) for c in key):
                self.preload(table, buf.spec.key[0], [k[0]])
                state = buf.rows.get(k)
            if state is None:
                state = buf.rows[k] = RowState(current=None)
        return buf, state

    def current(self, table: str, key: Mapping[str, Any]) -> Row | None:
        """The row current now (with the batch's changes), or None."""
        _, state = self._state(table, key)
        return state.current

    def current_rows(self, table: str, column: str, value: Any) -> list[Row]:
        """Every current row whose ``column`` equals ``value``."""
        buf = self._table(table)
        if value not in buf.loaded.get(column, ()):
            self.preload(table, column, [value])
        return [s.current for s in buf.rows.values() if s.current is not None and s.current.get(column) == value]

    # -- writing -----------------------------------------------------------------
    def insert(self, table: str, row: Mapping[str, Any], pos: int) -> None:
        buf = self._table(table)
        values = {**buf.spec.template, **row}
        key = buf.key_of(values)
        state = buf.rows.get(key)
        if state is not None and state.current is not None:
            raise ValueError(f"{table}: a current row with key {key} exists already")
        version = Version(values, pos)
        buf.born.append(version)
        if state is None:
            buf.rows[key] = RowState(current=values, version=version)
        else:
            state.current, state.version = values, version

    def change(self, table: str, key: Mapping[str, Any], changes: Mapping[str, Any], pos: int) -> int:
        buf, state = self._state(table, key)
        if state.current is None:
            return 0
        version = state.version
        if version is not None and version.sys_from == pos:  # a second change by the same event
            version.values.update(changes)
            return 1
        self._close(state, pos)
        values = {**state.current, **changes}
        version = Version(values, pos)
        buf.born.append(version)
        state.current, state.version = values, version
        return 1

    def delete(self, table: str, key: Mapping[str, Any], pos: int) -> int:
        _, state = self._state(table, key)
        if state.current is None:
            return 0
        version = state.version
        if version is not None and version.sys_from == pos:
            version.dead = True
        else:
            self._close(state, pos)
        state.current, state.version = None, None
        return 1

    @staticmethod
    def _close(state: RowState, pos: int) -> None:
        if state.version is not None:
            state.version.sys_to = pos
        elif state.stored:
            state.stored_closed_at = pos

    # -- the flush ------------------------------------------------------------------
    def flush(self) -> None:
        """Write every table once: close the stored versions, insert the new ones
        (pipelined, one round trip, when no table needs a COPY)."""
        small = all(sum(not v.dead for v in b.born) < COPY_FROM_ROWS for b in self.tables.values())
        with self.cur.connection.pipeline() if small else contextlib.nullcontext():
            for buf in self.tables.values():
                self._close_stored(buf)
                self._copy_born(buf)
        self.tables.clear()

    def _close_stored(self, buf: TableBuffer) -> None:
        closing = [(k, s.stored_closed_at) for k, s in buf.rows.items() if s.stored and s.stored_closed_at is not None]
        if not closing:
            return
        spec = buf.spec
        query = _cached(self.cur, ("close", spec.name), lambda: _close_sql(spec))
        params = [[k[i] for k, _ in closing] for i in range(len(spec.key))]
        self.cur.execute(query, [*params, [at for _, at in closing]])

    def _copy_born(self, buf: TableBuffer) -> None:
        born = [v for v in buf.born if not v.dead]
        if not born:
            return
        spec = buf.spec
        # every version holds every column (from the template or a stored row)
        rows = [(*v.values.values(), v.sys_from, v.sys_to) for v in born]
        if len(rows) >= COPY_FROM_ROWS:
            copy = _cached(self.cur, ("copy", spec.name), lambda: _insert_sql(spec, 0))
            copy_rows(self.cur, copy, rows)
            return
        query = _cached(self.cur, ("insert", spec.name, len(rows)), lambda: _insert_sql(spec, len(rows)))
        self.cur.execute(query, [v for row in rows for v in row])


_statements: dict[tuple[Any, ...], bytes] = {}


def _cached(cur: Cursor[Any], key: tuple[Any, ...], build: Callable[[], sql.Composed]) -> bytes:
    """A statement composed once per shape, as bytes."""
    found = _statements.get(key)
    if found is None:
        found = _statements[key] = build().as_bytes(cur)
    return found


def _preload_sql(spec: TableSpec, column: str) -> sql.Composed:
    return sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s) AND sys_to IS NULL").format(
        sql.SQL(", ").join(map(sql.Identifier, spec.template)), sql.Identifier(spec.name), sql.Identifier(column)
    )


def _close_sql(spec: TableSpec) -> sql.Composed:
    arrays = [sql.SQL("%s::{}[]").format(sql.SQL(spec.types[c])) for c in spec.key]
    return sql.SQL(
        "UPDATE {t} AS t SET sys_to = s.sys_to FROM unnest({arrays}, %s::bigint[]) AS s({names}, sys_to)"
        " WHERE {match} AND t.sys_to IS NULL"
    ).format(
        t=sql.Identifier(spec.name),
        arrays=sql.SQL(", ").join(arrays),
        names=sql.SQL(", ").join(map(sql.Identifier, spec.key)),
        match=sql.SQL(" AND ").join(sql.SQL("t.{c} = s.{c}").format(c=sql.Identifier(c)) for c in spec.key),
    )


def _insert_sql(spec: TableSpec, rows: int) -> sql.Composed:
    """COPY into the table (``rows`` 0) or a multi-row INSERT of ``rows`` rows, every column."""
    names = [*spec.template, "sys_from", "sys_to"]
    columns = sql.SQL(", ").join(map(sql.Identifier, names))
    if not rows:
        return sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(spec.name), columns)
    casts = [spec.types[n] for n in names]
    one = sql.SQL("({})").format(sql.SQL(", ").join(sql.SQL("%s::" + c) for c in casts))
    return sql.SQL("INSERT INTO {} ({}) VALUES {}").format(
        sql.Identifier(spec.name), columns, sql.SQL(", ").join([one] * rows)
    )


def copy_rows(cur: Cursor[Any], statement: bytes | sql.Composed, rows: Sequence[Sequence[Any]]) -> None:
    """COPY ``rows`` in text format, formatted by :mod:`projections.copy_text`
    (a row with a value of another type goes through psycopg's ``write_row``)."""
    with cur.copy(statement) as out:
        lines: list[str] = []
        for row in rows:
            text = copy_text.line(row)
            if text is None:
                if lines:
                    out.write("".join(lines))
                    lines = []
                out.write_row(row)
            else:
                lines.append(text)
        if lines:
            out.write("".join(lines))


_active: ContextVar[BatchWriter | None] = ContextVar("voortgang_batch_writer", default=None)


def writer_for(cur: Cursor[Any]) -> BatchWriter | None:
    """The writer active on ``cur``, if any."""
    w = _active.get()
    return w if w is not None and w.cur is cur else None


@contextlib.contextmanager
def active(cur: Cursor[Any]) -> Iterator[BatchWriter]:
    """Buffer the temporal writes on ``cur``; the caller flushes."""
    writer = BatchWriter(cur)
    token = _active.set(writer)
    try:
        yield writer
    finally:
        _active.reset(token)

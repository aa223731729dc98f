-- depends: 0572.woo-publicatie
-- As-of at the cost of now (issue 14 part 5). Every version of a temporal view
-- row already holds the span of positions it was current for: [sys_from,
-- sys_to), sys_to set by the projector in the statement that writes the next
-- version (projections/temporal.py, projections/batch_writer.py). This
-- migration indexes that span, so "the version current at T" is a range lookup
-- (`int8range(sys_from, sys_to) @> T`, projections/temporal.py::visible) whose
-- cost does not grow with the length of the history: a GiST index on
-- int8range(sys_from, sys_to) on EVERY table with sys_from and sys_to, found
-- from the catalogue (so nothing to list here; it runs after the last migration that created one, see "depends", and
-- tests/integration/test_asof_index.py fails for a table a later migration
-- adds without its span index). Not led by the key: a GiST index on
-- (key, span) also answers `key = X`, and the planner then prefers it to the
-- primary key's backward walk of "the latest stand" (ORDER BY … DESC LIMIT 1),
-- which stops at the first row (measured: 0.75 against 0.015 ms a point).
-- btree_gist (a trusted contrib extension that ships with PostgreSQL) lets
-- plan_id share a GiST index with the span. The points of a plan are read by
-- plan, not by point: they get (plan_id, span) instead of the btree (plan_id, sys_from), which read every
-- version of every point up to T. Existing rows need no backfill: the span is
-- computed from columns every row has, and a rebuild writes the same columns.
CREATE EXTENSION IF NOT EXISTS btree_gist;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname AS tab
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        WHERE c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute f WHERE f.attrelid = c.oid AND f.attname = 'sys_from' AND NOT f.attisdropped)
          AND EXISTS (SELECT 1 FROM pg_attribute f WHERE f.attrelid = c.oid AND f.attname = 'sys_to' AND NOT f.attisdropped)
        ORDER BY c.relname
    LOOP
        EXECUTE format(
            'CREATE INDEX %I ON %I USING gist (int8range(sys_from, sys_to))',
            t.tab || '_span', t.tab
        );
    END LOOP;
END
$$;

DROP INDEX ontwikkelpunt_view_asof;
CREATE INDEX ontwikkelpunt_view_plan_span ON ontwikkelpunt_view USING gist (plan_id, int8range(sys_from, sys_to));

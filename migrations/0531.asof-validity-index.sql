-- As-of at the cost of now (issue 14 part 5). Every version of a temporal view
-- row already holds the span of positions it was current for: [sys_from,
-- sys_to), sys_to set by the projector in the statement that writes the next
-- version (projections/temporal.py, projections/batch_writer.py), so no new
-- column and no backfill: the span is computed from columns every row has, and
-- a rebuild writes the same columns. projections/temporal.py::visible reads
-- "the version current at T" as `int8range(sys_from, sys_to) @> T`.
--
-- The points of a plan are read by plan, not by point: the btree
-- (plan_id, sys_from) read every version of every point up to T (half the
-- history of the plan for T in the middle). GiST (plan_id, span) hands out
-- only the versions current at T. btree_gist (a trusted contrib extension
-- that ships with PostgreSQL) lets plan_id share the GiST index with the span.
--
-- Tables read by key keep their primary key (key, sys_from) with the span as
-- a filter. Measured on the medium data set (docs/decisions.md): a span index
-- on those tables, with or without the key in front, made the planner pick it
-- over the primary key (a bitmap AND per point for the deelstappen, 0.54
-- against 0.005 ms; the GiST on the key instead of the backward walk that
-- stops at the latest stand van zaken, 0.75 against 0.015 ms).
CREATE EXTENSION IF NOT EXISTS btree_gist;

DROP INDEX ontwikkelpunt_view_asof;
CREATE INDEX ontwikkelpunt_view_plan_span ON ontwikkelpunt_view USING gist (plan_id, int8range(sys_from, sys_to));

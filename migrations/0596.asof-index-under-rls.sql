-- As-of under row-level security (issue 14 part 5). The GiST index of 0531 on
-- (plan_id, int8range(sys_from, sys_to)) was never used for the span as the API
-- reads: under a policy PostgreSQL evaluates the policy before any condition
-- that is not leakproof, and int8range(...) (it can raise) and @> are not, so
-- the span was a filter after the policy and the index handed out every version
-- of every point of the plan (medium, the big plan as of the middle of its history:
-- 10 250 entries for 55 rows; EXPLAIN ANALYZE in docs/benchmarks.md). The as-of
-- condition is now `sys_from <= T AND (sys_to IS NULL OR sys_to > T)`
-- (projections/temporal.py::visible): int8 comparisons and IS NULL are leakproof,
-- so both arms are index conditions of this GiST (btree_gist's int8 classes), a
-- BitmapOr that hands out only the versions current at T.
DROP INDEX ontwikkelpunt_view_plan_span;
CREATE INDEX ontwikkelpunt_view_plan_span ON ontwikkelpunt_view USING gist (plan_id, sys_from, sys_to);

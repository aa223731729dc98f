-- Regio-scoped response-cache entries (issue 14 part 3; service/readpath/response_cache.py,
-- docs/decisions.md). A request whose root fields all name a regio (`regiobeeld(regio:)`,
-- `regionaleOntwikkelpunten(regio:)`) shows the regional rows of that regio, rows of the
-- gemeenten registered in it, and rows of no scope. Its version is the sum of the counters of
-- 'regio:<code>', '' and 'regio-gemeenten:<code>': the last is bumped, in the same statement
-- as the rows, by every write to a row of a gemeente of that regio (besides that row's own
-- 'gemeente:<code>'), so a write elsewhere (another regio, or its gemeenten) leaves the entry
-- alive. A gemeente in no regio bumps '' (retires every scoped entry: never stale). A gemeente
-- that moves writes gemeente_view, whose rows have scope '' (every entry retires then too).

-- The 'regio-gemeenten:' scopes of a scope 'gemeente:<code>': one per regio the gemeente is
-- registered in (current rows), or '' when it is in none.
CREATE FUNCTION response_cache_regio_scopes(scope text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT DISTINCT 'regio-gemeenten:' || r.code FROM gemeente_view g
        JOIN regio_view r ON r.regio_id = g.regio_id AND r.sys_to IS NULL
        WHERE g.code = substr(scope, length('gemeente:') + 1) AND g.sys_to IS NULL
    UNION ALL
    SELECT '' WHERE NOT EXISTS (
        SELECT 1 FROM gemeente_view g JOIN regio_view r ON r.regio_id = g.regio_id AND r.sys_to IS NULL
        WHERE g.code = substr(scope, length('gemeente:') + 1) AND g.sys_to IS NULL)
$$;

-- The trigger function of migration 0525, now bumping the regio-wide scopes too (the triggers
-- call it by name: no trigger changes; their argument is still the row's scope expression).
CREATE OR REPLACE FUNCTION response_cache_scope_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM voortgang_new'
        WHEN 'DELETE' THEN 'SELECT * FROM voortgang_old'
        ELSE 'SELECT * FROM voortgang_new UNION ALL SELECT * FROM voortgang_old' END;
BEGIN
    EXECUTE format(
        'WITH s AS (SELECT DISTINCT %s AS scope FROM (%s) r)'
        ' INSERT INTO response_cache_scope (scope, view_table, version)'
        ' SELECT x.scope, %L, 1 FROM (SELECT s.scope FROM s UNION SELECT w.scope FROM s'
        ' CROSS JOIN LATERAL response_cache_regio_scopes(s.scope) w(scope) WHERE s.scope LIKE ''gemeente:%%'') x'
        ' ORDER BY 1'
        ' ON CONFLICT (scope, view_table) DO UPDATE SET version = response_cache_scope.version + 1',
        TG_ARGV[0], changed, TG_TABLE_NAME);
    RETURN NULL;
END
$$;

-- The audit rows of a regional object (a regional point, a regio) have no gemeente: their scope is
-- now its regio ('regio:<code>', from the object's fields or the event's changes) instead of '',
-- so a regional write retires no other regio's entries (the audit readers are gemeente-scoped or
-- unscoped requests, which sum every regional scope). service/store/migrate.py re-installs the
-- triggers with these rules after the migrations (TRACK_SCOPES).
UPDATE response_cache_scope_rule SET scope_sql = $r$CASE WHEN r.gemeente IS NOT NULL THEN 'gemeente:' || r.gemeente
    WHEN jsonb_typeof(r.fields->'regio') = 'string' THEN 'regio:' || (r.fields->>'regio') ELSE '' END$r$
    WHERE view_table = 'audit_object_state';
UPDATE response_cache_scope_rule SET scope_sql = $r$CASE WHEN r.gemeente IS NOT NULL THEN 'gemeente:' || r.gemeente
    ELSE coalesce(
        (SELECT 'regio:' || (a.fields->>'regio') FROM audit_object_state a
            WHERE a.object_id = r.object_id AND jsonb_typeof(a.fields->'regio') = 'string'),
        (SELECT 'regio:' || (c->>'nieuw') FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(r.changes) = 'array' THEN r.changes ELSE '[]'::jsonb END) c
            WHERE c->>'veld' = 'regio' AND jsonb_typeof(c->'nieuw') = 'string' LIMIT 1),
        '') END$r$
    WHERE view_table = 'audit_trail';

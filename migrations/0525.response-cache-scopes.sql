-- The response cache retires an answer only when a row it could show changed
-- (service/readpath/response_cache.py, docs/decisions.md). Every write to a view
-- table, by the projector or by hand, bumps a counter per (table, scope) in the
-- same transaction as the rows (so it is exactly as fresh as they are, also on a
-- replica: same WAL). A scope is 'gemeente:<code>' for a row of one gemeente,
-- 'regio:<code>' for a regional row, '' for a row of neither. TRUNCATE bumps the
-- generation of migration 0501 (retires every entry).
CREATE TABLE response_cache_scope (
    scope text COLLATE "C" NOT NULL,
    view_table text NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (scope, view_table)
);
ALTER TABLE response_cache_scope ENABLE ROW LEVEL SECURITY;
CREATE POLICY aangemeld ON response_cache_scope FOR SELECT TO voortgang_api USING (true);

-- How the scope of a row r of each view table is found: NULL = from its columns
-- (gemeente, else regio, else ''). A new view table needs a row here and
-- `SELECT response_cache_track('its_table')` (tests/integration/test_response_cache_scopes.py checks).
CREATE TABLE response_cache_scope_rule (
    view_table text PRIMARY KEY,
    scope_sql text
);
ALTER TABLE response_cache_scope_rule ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON response_cache_scope_rule FROM voortgang_api;  -- only the owner (migrations, rebuild) reads it

CREATE FUNCTION response_cache_scope_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM voortgang_new'
        WHEN 'DELETE' THEN 'SELECT * FROM voortgang_old'
        ELSE 'SELECT * FROM voortgang_new UNION ALL SELECT * FROM voortgang_old' END;
BEGIN
    EXECUTE format(
        'INSERT INTO response_cache_scope (scope, view_table, version)'
        ' SELECT DISTINCT %s, %L, 1 FROM (%s) r ORDER BY 1'
        ' ON CONFLICT (scope, view_table) DO UPDATE SET version = response_cache_scope.version + 1',
        TG_ARGV[0], TG_TABLE_NAME, changed);
    RETURN NULL;
END
$$;

CREATE FUNCTION response_cache_track(tbl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    expr text;
    has_gemeente boolean;
    has_regio boolean;
BEGIN
    SELECT scope_sql INTO expr FROM response_cache_scope_rule WHERE view_table = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'view table % has no row in response_cache_scope_rule', tbl;
    END IF;
    IF expr IS NULL THEN
        SELECT bool_or(attname = 'gemeente'), bool_or(attname = 'regio') INTO has_gemeente, has_regio
        FROM pg_attribute WHERE attrelid = tbl::regclass AND attnum > 0 AND NOT attisdropped;
        expr := CASE
            WHEN has_gemeente AND has_regio THEN
                'CASE WHEN r.gemeente IS NOT NULL THEN ''gemeente:'' || r.gemeente ELSE coalesce(''regio:'' || r.regio, '''') END'
            WHEN has_gemeente THEN 'coalesce(''gemeente:'' || r.gemeente, '''')'
            WHEN has_regio THEN 'coalesce(''regio:'' || r.regio, '''')'
            ELSE '''''' END;
    END IF;
    EXECUTE format('CREATE OR REPLACE TRIGGER response_cache_scope_ins AFTER INSERT ON %I'
        ' REFERENCING NEW TABLE AS voortgang_new FOR EACH STATEMENT EXECUTE FUNCTION response_cache_scope_bump(%L)',
        tbl, expr);
    EXECUTE format('CREATE OR REPLACE TRIGGER response_cache_scope_upd AFTER UPDATE ON %I'
        ' REFERENCING NEW TABLE AS voortgang_new OLD TABLE AS voortgang_old'
        ' FOR EACH STATEMENT EXECUTE FUNCTION response_cache_scope_bump(%L)', tbl, expr);
    EXECUTE format('CREATE OR REPLACE TRIGGER response_cache_scope_del AFTER DELETE ON %I'
        ' REFERENCING OLD TABLE AS voortgang_old FOR EACH STATEMENT EXECUTE FUNCTION response_cache_scope_bump(%L)',
        tbl, expr);
    EXECUTE format('CREATE OR REPLACE TRIGGER response_cache_scope_truncate AFTER TRUNCATE ON %I'
        ' FOR EACH STATEMENT EXECUTE FUNCTION response_cache_generation_bump()', tbl);
END
$$;

INSERT INTO response_cache_scope_rule (view_table, scope_sql) VALUES
    ('gemeente_view', NULL),
    ('regio_view', NULL),
    ('audit_trail', NULL),
    ('audit_object_state', NULL),
    ('ontwikkelplan_view', NULL),
    ('ontwikkelpunt_view', NULL),
    ('deelstap_view', 'coalesce((SELECT ''gemeente:'' || p.gemeente FROM ontwikkelpunt_view p WHERE p.punt_id = r.punt_id LIMIT 1), '''')'),
    ('stand_van_zaken_view', NULL),
    ('planning_historie_view', 'coalesce((SELECT ''gemeente:'' || p.gemeente FROM ontwikkelpunt_view p WHERE p.punt_id = r.punt_id LIMIT 1), '''')'),
    ('regionaal_punt_view', NULL),
    ('regionale_voortgang_view', NULL),
    ('gremium_zetel_view', NULL),
    ('gremium_view', NULL),
    ('mandaat_regel_view', NULL),
    ('overleg_agendapunt_view', NULL),
    ('overleg_aanwezige_view', NULL),
    ('overleg_rapportage_view', NULL),
    ('overleg_view', NULL),
    ('besluit_beslispunt_view', NULL),
    ('besluit_advies_view', NULL),
    ('besluit_koppeling_view', NULL),
    ('besluit_historie_view', NULL),
    ('besluit_view', NULL),
    ('besluit_effect_view', NULL),
    ('project_voortgang_view', NULL),
    ('project_lokale_planning_view', NULL),
    ('project_doel_view', NULL),
    ('project_view', NULL),
    ('programma_initiatief_view', NULL),
    ('programma_fase_view', NULL),
    ('programma_view', NULL),
    ('mijlpaal_afhankelijkheid_view', NULL),
    ('mijlpaal_verplaatsing_view', NULL),
    ('mijlpaal_instantie_view', NULL),
    ('mijlpaal_view', NULL),
    ('begroting_verantwoording_view', NULL),
    ('begroting_realisatie_view', NULL),
    ('begroting_bron_view', NULL),
    ('begroting_regel_jaar_view', NULL),
    ('begroting_regel_view', NULL),
    ('begroting_view', NULL),
    ('risico_historie_view', NULL),
    ('risico_view', NULL),
    ('woo_publicatie_view', NULL),
    ('woo_besluit_bron', NULL);

-- The tables that exist now; tables of later migrations get their triggers when the
-- migrations are applied (service/store/migrate.py runs TRACK_SCOPES after them).
SELECT response_cache_track(view_table) FROM response_cache_scope_rule
    WHERE to_regclass(view_table) IS NOT NULL ORDER BY view_table;

-- Who may see what, enforced by PostgreSQL (docs/security.md).
--
-- Two roles. The role the service connects as (the owner of every table: the
-- superuser of the embedded PostgreSQL, or the DATABASE_URL user) runs the
-- migrations and the projector and writes; as the owner it is not subject to
-- row-level security. The GraphQL read path never reads as the owner: every
-- read transaction starts with SET LOCAL ROLE voortgang_api, a NOLOGIN role
-- without BYPASSRLS that owns nothing, so every policy below applies to it
-- (also when the connecting role is a superuser: SET ROLE drops the bypass).
-- The principal is passed in transaction-local settings (set_config(.., true)):
--   voortgang.rollen    comma-separated roles of the token
--   voortgang.gemeente  the gemeente claim (GMxxxx)
--   voortgang.gremia    comma-separated gremium codes (secretaris)
--   voortgang.projecten comma-separated project codes (projectleider)
-- Roles are cluster-wide: created once, reused by every database.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'voortgang_api') THEN
        CREATE ROLE voortgang_api NOLOGIN NOBYPASSRLS NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- created concurrently by the migration of another database
END
$$;

DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'voortgang_api', 'MEMBER') THEN
        EXECUTE format('GRANT voortgang_api TO %I', current_user);
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO voortgang_api;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO voortgang_api;
-- The event log holds every payload (concept texts included): the reader
-- sees only positions and times ("as of", reference dates).
REVOKE SELECT ON voortgang_events FROM voortgang_api;
GRANT SELECT (notification_id, recorded_at) ON voortgang_events TO voortgang_api;
REVOKE SELECT ON event_chain_head FROM voortgang_api;
-- Tables added later are readable by the API role too; test_row_level_security
-- fails for any such table that has no row-level security (default visible
-- would be a leak, so a new view must come with its policy).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO voortgang_api;

-- -- the principal ---------------------------------------------------------------
CREATE FUNCTION voortgang_lijst(setting text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_to_array(nullif(current_setting(setting, true), ''), ','), '{}')
$$;

CREATE FUNCTION voortgang_aangemeld() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT cardinality(voortgang_lijst('voortgang.rollen')) > 0
$$;

CREATE FUNCTION voortgang_heeft_rol(VARIADIC rollen text[]) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_lijst('voortgang.rollen') && rollen
$$;

-- programmabureau, overleg and auditor read everything, concept included.
CREATE FUNCTION voortgang_leest_alles() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_lijst('voortgang.rollen') && ARRAY['programmabureau', 'overleg', 'auditor']
$$;

-- The reader's own gemeente (only for the gemeente role); NULL otherwise.
CREATE FUNCTION voortgang_eigen_gemeente() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN 'gemeente' = ANY(voortgang_lijst('voortgang.rollen'))
        THEN nullif(current_setting('voortgang.gemeente', true), '') END
$$;

-- A uuid from a text that may be a uuid or a global id (base64url "Type:uuid"); NULL if neither.
CREATE FUNCTION voortgang_als_uuid(value text) RETURNS uuid LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    raw text;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN value::uuid;
    END IF;
    IF value !~ '^[A-Za-z0-9_-]+$' OR length(value) % 4 = 1 THEN
        RETURN NULL;
    END IF;
    raw := convert_from(decode(translate(value, '-_', '+/') || repeat('=', (4 - length(value) % 4) % 4), 'base64'), 'UTF8');
    raw := split_part(raw, ':', 2);
    IF raw ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN raw::uuid;
    END IF;
    RETURN NULL;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- -- the rule (docs/security.md, "The rule table") ---------------------------------
-- A plan: everything-readers, its own gemeente, or anyone once it is no longer concept.
CREATE FUNCTION voortgang_plan_open(gemeente text, status text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_leest_alles() OR gemeente = voortgang_eigen_gemeente() OR status <> 'concept'
$$;

-- The rule of a point (a row of ontwikkelpunt_view): also the plan must be open.
-- The functions below that look at other tables are SECURITY DEFINER (they
-- read the current row unfiltered and apply the rule themselves), so a policy
-- never depends on what another policy happens to hide.
CREATE FUNCTION voortgang_plan_id_open(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM ontwikkelplan_view p WHERE p.plan_id = id AND p.sys_to IS NULL
                   AND voortgang_plan_open(p.gemeente, p.status))
$$;

CREATE FUNCTION voortgang_punt_regel(gemeente text, status text, plan uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_leest_alles() OR gemeente = voortgang_eigen_gemeente()
        OR (status <> 'concept' AND voortgang_plan_id_open(plan))
$$;

-- Links inherit: a row about point ``id`` is visible when the point is (now).
CREATE FUNCTION voortgang_punt_open(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT voortgang_leest_alles() OR EXISTS (SELECT 1 FROM ontwikkelpunt_view o WHERE o.punt_id = id
        AND o.sys_to IS NULL AND voortgang_punt_regel(o.gemeente, o.status, o.plan_id))
$$;

-- A gemeente's progress on regional points belongs to its plan: hidden while that plan is concept.
CREATE FUNCTION voortgang_gemeente_open(code text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT voortgang_leest_alles() OR code = voortgang_eigen_gemeente() OR NOT EXISTS (
        SELECT 1 FROM ontwikkelplan_view p WHERE p.gemeente = code AND p.sys_to IS NULL AND p.status = 'concept')
$$;

CREATE FUNCTION voortgang_voortgang_open(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM regionale_voortgang_view v WHERE v.voortgang_id = id AND v.sys_to IS NULL
                   AND voortgang_gemeente_open(v.gemeente))
$$;

-- A milestone owned by a point (or a deelstap of it) is visible when the point is.
CREATE FUNCTION voortgang_eigenaar_open(soort text, eigenaar text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT soort NOT IN ('ontwikkelpunt', 'deelstap')
        OR voortgang_punt_open(voortgang_als_uuid(split_part(eigenaar, '/', 1)))
$$;

CREATE FUNCTION voortgang_mijlpaal_open(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT voortgang_leest_alles() OR EXISTS (SELECT 1 FROM mijlpaal_view m WHERE m.mijlpaal_id = id
        AND m.sys_to IS NULL AND voortgang_eigenaar_open(m.eigenaar_soort, m.eigenaar_id))
$$;

CREATE FUNCTION voortgang_instantie_open(id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT voortgang_leest_alles() OR EXISTS (SELECT 1 FROM mijlpaal_instantie_view i WHERE i.instantie_id = id
        AND i.sys_to IS NULL AND voortgang_mijlpaal_open(i.mijlpaal_id))
$$;

-- Any object a besluit, an agenda item or an effect may point at, by kind.
CREATE FUNCTION voortgang_object_open(soort text, id text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_leest_alles() OR CASE lower(soort)
        WHEN 'ontwikkelpunt' THEN voortgang_punt_open(voortgang_als_uuid(id))
        WHEN 'deelstap' THEN voortgang_punt_open(voortgang_als_uuid(split_part(id, '/', 1)))
        WHEN 'ontwikkelplan' THEN voortgang_plan_id_open(voortgang_als_uuid(id))
        WHEN 'mijlpaal' THEN voortgang_mijlpaal_open(voortgang_als_uuid(id))
        WHEN 'mijlpaalinstantie' THEN voortgang_instantie_open(voortgang_als_uuid(id))
        ELSE true END
$$;

-- A history step of a besluit records the event's fields (details): a link to
-- an object (object_id) or the links of the proposal (koppelingen). A step that
-- names a hidden object is hidden as a whole (a row cannot be partly visible).
CREATE FUNCTION voortgang_details_open(details jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT voortgang_leest_alles() OR (
        (NOT details ? 'object_id' OR voortgang_object_open(details->>'soort', details->>'object_id'))
        AND (jsonb_typeof(details->'koppelingen') IS DISTINCT FROM 'array' OR NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(details->'koppelingen') k
            WHERE NOT voortgang_object_open(k->>'soort', k->>'id'))))
$$;

-- -- the policies ---------------------------------------------------------------------
-- Every table the API role can read has row-level security. Policies are for
-- SELECT only: the API role has no other privilege, the owner bypasses them.
ALTER TABLE ontwikkelplan_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON ontwikkelplan_view FOR SELECT TO voortgang_api
    USING (voortgang_plan_open(gemeente, status));

ALTER TABLE ontwikkelpunt_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON ontwikkelpunt_view FOR SELECT TO voortgang_api
    USING (voortgang_punt_regel(gemeente, status, plan_id));

ALTER TABLE deelstap_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON deelstap_view FOR SELECT TO voortgang_api USING (voortgang_punt_open(punt_id));

ALTER TABLE stand_van_zaken_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON stand_van_zaken_view FOR SELECT TO voortgang_api
    USING (voortgang_leest_alles() OR gemeente = voortgang_eigen_gemeente()
           OR voortgang_punt_open(subject_id) OR voortgang_voortgang_open(subject_id));

ALTER TABLE planning_historie_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON planning_historie_view FOR SELECT TO voortgang_api
    USING (voortgang_punt_open(punt_id) OR voortgang_voortgang_open(punt_id));

ALTER TABLE regionale_voortgang_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON regionale_voortgang_view FOR SELECT TO voortgang_api
    USING (voortgang_gemeente_open(gemeente));

ALTER TABLE mijlpaal_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON mijlpaal_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND (voortgang_leest_alles() OR voortgang_eigenaar_open(eigenaar_soort, eigenaar_id)));

ALTER TABLE mijlpaal_instantie_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON mijlpaal_instantie_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_mijlpaal_open(mijlpaal_id));

ALTER TABLE mijlpaal_verplaatsing_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON mijlpaal_verplaatsing_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_mijlpaal_open(mijlpaal_id));

ALTER TABLE mijlpaal_afhankelijkheid_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON mijlpaal_afhankelijkheid_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_mijlpaal_open(mijlpaal_id) AND voortgang_mijlpaal_open(voorganger_id));

ALTER TABLE besluit_koppeling_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON besluit_koppeling_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_object_open(soort, object_id));

ALTER TABLE besluit_effect_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON besluit_effect_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_object_open(object_type, object_id::text));

ALTER TABLE besluit_historie_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON besluit_historie_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_details_open(details));

ALTER TABLE overleg_agendapunt_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON overleg_agendapunt_view FOR SELECT TO voortgang_api
    USING (voortgang_aangemeld() AND voortgang_object_open(soort, ref_id));

-- The audit trail, PDCA history and changes (all built on these two tables):
-- the everything-readers see all of it, a gemeente the rows of its own objects.
ALTER TABLE audit_trail ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON audit_trail FOR SELECT TO voortgang_api
    USING (voortgang_leest_alles() OR gemeente = voortgang_eigen_gemeente());

ALTER TABLE audit_object_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY zichtbaar ON audit_object_state FOR SELECT TO voortgang_api
    USING (voortgang_leest_alles() OR gemeente = voortgang_eigen_gemeente());

-- Regional data, the programme and governance: every signed-in role (which
-- roles may ask which field is command/field authorization, service/authz.py).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'regio_view', 'gemeente_view', 'regionaal_punt_view',
        'gremium_view', 'gremium_zetel_view', 'mandaat_regel_view',
        'overleg_view', 'overleg_aanwezige_view', 'overleg_rapportage_view',
        'besluit_view', 'besluit_beslispunt_view', 'besluit_advies_view',
        'programma_view', 'programma_fase_view', 'programma_initiatief_view', 'project_view',
        'project_doel_view', 'project_lokale_planning_view', 'project_voortgang_view',
        'begroting_view', 'begroting_regel_view', 'begroting_regel_jaar_view', 'begroting_bron_view',
        'begroting_realisatie_view', 'begroting_verantwoording_view',
        'risico_view', 'risico_historie_view', 'persoon_directory',
        'projection_tracking', 'voortgang_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY aangemeld ON %I FOR SELECT TO voortgang_api USING (voortgang_aangemeld())', t);
    END LOOP;
END
$$;

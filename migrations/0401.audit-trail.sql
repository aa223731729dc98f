-- The audit trail (projections/audit.py): one row per domain event, shaped like
-- the ZGW audittrail (actie, resultaat, gebruiker, toelichting, oud/nieuw).
-- Temporal like every view; a row is never changed, so sys_from is the event's
-- own position and the trail as of p is simply the rows with position <= p.
CREATE TABLE audit_trail (
    position bigint NOT NULL,
    object_id uuid NOT NULL,
    object_type text NOT NULL,
    object_version bigint NOT NULL,
    event_type text NOT NULL,
    actie text NOT NULL,
    pdca text,
    recorded_at timestamptz NOT NULL,
    business_date date,
    actor_id text NOT NULL,
    request_id text NOT NULL DEFAULT '',
    toelichting text,
    besluit_id text,
    gemeente text,
    scope uuid[] NOT NULL,
    changes jsonb NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (position, sys_from)
);
CREATE UNIQUE INDEX audit_trail_current ON audit_trail (position) WHERE sys_to IS NULL;
CREATE INDEX audit_trail_object ON audit_trail (object_id, position);
CREATE INDEX audit_trail_actor ON audit_trail (actor_id, position);
CREATE INDEX audit_trail_gemeente ON audit_trail (gemeente, position);
CREATE INDEX audit_trail_recorded ON audit_trail (recorded_at, position);
CREATE INDEX audit_trail_scope ON audit_trail USING gin (scope);

-- Working state of the audit projection (not a view, never queried by the
-- API): per object the last known value of every event field (old values come
-- from here), its gemeente and its scope (itself plus the objects its first
-- event refers to, transitively). Cleared and rebuilt with the projection.
CREATE TABLE audit_object_state (
    object_id uuid PRIMARY KEY,
    object_type text NOT NULL,
    gemeente text,
    scope uuid[] NOT NULL,
    fields jsonb NOT NULL
);

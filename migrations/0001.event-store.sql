-- The event store: the eventsourcing library's table, composite type and insert
-- function (its CREATE_TABLE is off outside throwaway tests), extended with the
-- recorded time and a tamper-evident hash chain.
--
-- The library calls es_insert_events_uuid() because POSTGRES_ENABLE_DB_FUNCTIONS
-- is on (the pipeline-mode path hangs on large saves, see docs/decisions.md).
-- Our version of the function also takes the EXCLUSIVE table lock, so that
-- notification ids are issued in commit order and a projector tailing the table
-- never passes over a gap that is filled later.

CREATE TABLE voortgang_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    chain_hash bytea,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);

CREATE UNIQUE INDEX voortgang_events_notification_id_idx
    ON voortgang_events (notification_id ASC);
CREATE INDEX voortgang_events_recorded_at_idx
    ON voortgang_events (recorded_at, notification_id);

CREATE TYPE stored_event_uuid AS (
    originator_id uuid,
    originator_version bigint,
    topic text,
    state bytea
);

-- The head of the hash chain: one row, updated under the table lock.
CREATE TABLE event_chain_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    notification_id bigint NOT NULL,
    chain_hash bytea NOT NULL
);
INSERT INTO event_chain_head (notification_id, chain_hash)
VALUES (0, sha256(''::bytea));

-- chain_hash(n) = sha256(chain_hash(n-1) || content(n)); content covers every
-- stored column, so editing, deleting or reordering a record breaks the chain.
CREATE FUNCTION event_chain_content(
    e_notification_id bigint, e_originator_id uuid, e_originator_version bigint,
    e_topic text, e_state bytea, e_recorded_at timestamptz
) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(
        e_notification_id::text || '|' || e_originator_id::text || '|'
        || e_originator_version::text || '|' || coalesce(e_topic, '') || '|'
        || to_char(e_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|',
        'UTF8') || coalesce(e_state, ''::bytea)
$$;

CREATE FUNCTION voortgang_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    SELECT chain_hash INTO previous FROM event_chain_head WHERE singleton;
    NEW.chain_hash := sha256(previous || event_chain_content(
        NEW.notification_id, NEW.originator_id, NEW.originator_version,
        NEW.topic, NEW.state, NEW.recorded_at));
    UPDATE event_chain_head
       SET notification_id = NEW.notification_id, chain_hash = NEW.chain_hash
     WHERE singleton;
    RETURN NEW;
END;
$$;

CREATE TRIGGER voortgang_events_chain
    BEFORE INSERT ON voortgang_events
    FOR EACH ROW EXECUTE FUNCTION voortgang_events_chain();

CREATE FUNCTION es_insert_events_uuid(events stored_event_uuid[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL lock_timeout = '5s';
    LOCK TABLE voortgang_events IN EXCLUSIVE MODE;
    NOTIFY voortgang_events;
    RETURN QUERY
        INSERT INTO voortgang_events AS t (originator_id, originator_version, topic, state)
        SELECT originator_id, originator_version, topic, state
          FROM unnest(events)
        RETURNING notification_id;
END;
$$;

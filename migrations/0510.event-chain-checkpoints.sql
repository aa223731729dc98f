-- Keyed tamper evidence (issue 12, docs/history-and-audit.md). The hash chain of
-- 0001 is unkeyed: anyone who can write SQL can extend or recompute it. Every
-- write of the service now also stores a signed checkpoint: an HMAC, computed
-- by the service with VOORTGANG_AUDIT_KEY (which the database never sees), over
-- the chain hash after the write, the ids the write was given and the previous
-- checkpoint. `voortgang audit verify` checks that every event lies inside a
-- checkpoint's range and that the recomputed chain matches every signed hash.
-- A store that had events before this migration: the first keyed write adopts
-- them (`adopted`, signed too), and verify says so on every run.

CREATE TABLE event_chain_checkpoint (
    last_id bigint PRIMARY KEY,          -- the last notification id of the write
    previous_id bigint NOT NULL,         -- last_id of the checkpoint before (0: the first)
    first_id bigint NOT NULL,            -- the first notification id of the write
    events integer NOT NULL,             -- how many events the write stored
    adopted integer NOT NULL DEFAULT 0,  -- first checkpoint only: events stored before keying
    chain_hash bytea NOT NULL,           -- the chain hash at last_id
    mac bytea NOT NULL,                  -- HMAC-SHA256 over the above, with the audit key
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The service's insert: the library's function (table lock, NOTIFY, insert,
-- hash-chain trigger), then what the service signs, in one round trip. The
-- caller inserts the checkpoint in the same transaction, under the same lock.
CREATE FUNCTION es_insert_events_keyed(events stored_event_uuid[])
RETURNS TABLE (notification_ids bigint[], chain_hash bytea, previous_id bigint, adopted integer)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    previous bigint;
    before integer := 0;
BEGIN
    SELECT array_agg(n ORDER BY n) INTO ids FROM es_insert_events_uuid(events) AS n;
    previous := coalesce((SELECT max(c.last_id) FROM event_chain_checkpoint c), 0);
    IF previous = 0 THEN  -- the first keyed write: how many events were there before?
        SELECT count(*) INTO before FROM voortgang_events WHERE notification_id < ids[1];
    END IF;
    RETURN QUERY SELECT ids, h.chain_hash, previous, before FROM event_chain_head h WHERE h.singleton;
END;
$$;

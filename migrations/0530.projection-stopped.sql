-- A view whose handler fails for a stored event stops at that event (the
-- others go on) and says so here, until an operator retries or rebuilds it.
ALTER TABLE projection_tracking
    ADD COLUMN stopped_event bigint,
    ADD COLUMN stopped_error text,
    ADD COLUMN stopped_at timestamptz;

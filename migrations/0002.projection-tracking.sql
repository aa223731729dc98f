-- Where each projection has got to in the event store. A view's rows and its
-- tracking position are written in one transaction, so every event is applied
-- to every view exactly once, also across restarts and competing projectors.
CREATE TABLE projection_tracking (
    projection text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Valid time (issue 16) for the programme budget (projections/programme/begroting.py), as 0540 did for the plan views:
-- every version carries the date in reality it is about (`geldig_op`: the event's peildatum,
-- or the day it was recorded); projections/temporal.py::visible reads "as it stood on date D
-- as known at position T" from it. Rows written before this migration get the day their event
-- was recorded, exactly what a rebuild produces (those events carry no peildatum).
ALTER TABLE begroting_view ADD COLUMN geldig_op date;
ALTER TABLE begroting_regel_view ADD COLUMN geldig_op date;
ALTER TABLE begroting_regel_jaar_view ADD COLUMN geldig_op date;
ALTER TABLE begroting_bron_view ADD COLUMN geldig_op date;
ALTER TABLE begroting_realisatie_view ADD COLUMN geldig_op date;
ALTER TABLE begroting_verantwoording_view ADD COLUMN geldig_op date;

UPDATE begroting_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE begroting_regel_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE begroting_regel_jaar_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE begroting_bron_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE begroting_realisatie_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE begroting_verantwoording_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;

-- the as-of-peildatum lookup: the next version of the same key known by T and valid by D
CREATE INDEX begroting_view_valid ON begroting_view (begroting_id, sys_from, geldig_op);
CREATE INDEX begroting_regel_view_valid ON begroting_regel_view (programma, code, sys_from, geldig_op);

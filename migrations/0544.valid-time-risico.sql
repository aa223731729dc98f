-- Valid time (issue 16) for the risk register (projections/programme/risico.py), as 0540 did for the plan views:
-- every version carries the date in reality it is about (`geldig_op`: the event's peildatum,
-- or the day it was recorded); projections/temporal.py::visible reads "as it stood on date D
-- as known at position T" from it. Rows written before this migration get the day their event
-- was recorded, exactly what a rebuild produces (those events carry no peildatum).
ALTER TABLE risico_view ADD COLUMN geldig_op date;
ALTER TABLE risico_historie_view ADD COLUMN geldig_op date;

UPDATE risico_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE risico_historie_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;

-- the as-of-peildatum lookup: the next version of the same key known by T and valid by D
CREATE INDEX risico_view_valid ON risico_view (risico_id, sys_from, geldig_op);

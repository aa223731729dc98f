-- Valid time (issue 16): every version of a plan view row carries the date in
-- reality it is about (`geldig_op`: the event's peildatum, or the day it was
-- recorded). projections/temporal.py::visible reads a view "as it stood on
-- date D as known at position T" from it. The stand van zaken keeps its own
-- `peildatum`. Rows written before this migration get the day their event was
-- recorded, exactly what a rebuild produces (those events carry no peildatum).
ALTER TABLE ontwikkelplan_view ADD COLUMN geldig_op date;
ALTER TABLE ontwikkelpunt_view ADD COLUMN geldig_op date;
ALTER TABLE deelstap_view ADD COLUMN geldig_op date;
ALTER TABLE planning_historie_view ADD COLUMN geldig_op date;
ALTER TABLE regionaal_punt_view ADD COLUMN geldig_op date;
ALTER TABLE regionale_voortgang_view ADD COLUMN geldig_op date;

UPDATE ontwikkelplan_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE ontwikkelpunt_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE deelstap_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE planning_historie_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE regionaal_punt_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE regionale_voortgang_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;

-- the as-of-peildatum lookup: the next version of the same key known by T and valid by D
CREATE INDEX ontwikkelpunt_view_valid ON ontwikkelpunt_view (punt_id, sys_from, geldig_op);
CREATE INDEX ontwikkelplan_view_valid ON ontwikkelplan_view (plan_id, sys_from, geldig_op);

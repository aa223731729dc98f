-- Valid time (issue 16) for the programme overview (projections/programme/programma.py), as 0540 did for the plan views:
-- every version carries the date in reality it is about (`geldig_op`: the event's peildatum,
-- or the day it was recorded); projections/temporal.py::visible reads "as it stood on date D
-- as known at position T" from it. Rows written before this migration get the day their event
-- was recorded, exactly what a rebuild produces (those events carry no peildatum).
ALTER TABLE programma_view ADD COLUMN geldig_op date;
ALTER TABLE programma_fase_view ADD COLUMN geldig_op date;
ALTER TABLE programma_initiatief_view ADD COLUMN geldig_op date;
ALTER TABLE project_view ADD COLUMN geldig_op date;
ALTER TABLE project_doel_view ADD COLUMN geldig_op date;
ALTER TABLE project_lokale_planning_view ADD COLUMN geldig_op date;
ALTER TABLE project_voortgang_view ADD COLUMN geldig_op date;

UPDATE programma_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE programma_fase_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE programma_initiatief_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE project_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE project_doel_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE project_lokale_planning_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE project_voortgang_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;

-- the as-of-peildatum lookup: the next version of the same key known by T and valid by D
CREATE INDEX programma_view_valid ON programma_view (programma_id, sys_from, geldig_op);
CREATE INDEX project_view_valid ON project_view (project_id, sys_from, geldig_op);

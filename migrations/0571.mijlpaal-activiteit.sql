-- Activities with a period beside point milestones (issue 17): an activity runs from the period
-- of start to the period of its baseline/forecast and is a bar in the Gantt; a milestone has no start.
ALTER TABLE mijlpaal_view ADD COLUMN start date;
ALTER TABLE mijlpaal_view ADD COLUMN start_precisie text;

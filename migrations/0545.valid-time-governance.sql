-- Valid time for the governance, history and registry views (issue 16, after
-- 0540 for the plan views): every version of a row carries the date in reality
-- it is about (`geldig_op`: the event's peildatum, or the UTC day it was
-- recorded), so projections/temporal.py::visible reads these views "as they
-- stood on date D as known at position T" too. The audit trail is a log of
-- recordings: its rows (and the PDCA history and the wijzigingen read from
-- it) count on peildatum D when their event is about D or earlier
-- (docs/history-and-audit.md). Rows written before this migration get the day
-- their event was recorded, exactly what a rebuild produces (those events
-- carry no peildatum).

ALTER TABLE regio_view ADD COLUMN geldig_op date;
ALTER TABLE gemeente_view ADD COLUMN geldig_op date;
ALTER TABLE gremium_view ADD COLUMN geldig_op date;
ALTER TABLE gremium_zetel_view ADD COLUMN geldig_op date;
ALTER TABLE mandaat_regel_view ADD COLUMN geldig_op date;
ALTER TABLE overleg_view ADD COLUMN geldig_op date;
ALTER TABLE overleg_agendapunt_view ADD COLUMN geldig_op date;
ALTER TABLE overleg_aanwezige_view ADD COLUMN geldig_op date;
ALTER TABLE overleg_rapportage_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_beslispunt_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_advies_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_koppeling_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_historie_view ADD COLUMN geldig_op date;
ALTER TABLE besluit_effect_view ADD COLUMN geldig_op date;
ALTER TABLE audit_trail ADD COLUMN geldig_op date;

UPDATE regio_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE gemeente_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE gremium_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE gremium_zetel_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE mandaat_regel_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE overleg_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE overleg_agendapunt_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE overleg_aanwezige_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE overleg_rapportage_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_beslispunt_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_advies_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_koppeling_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_historie_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE besluit_effect_view v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;
UPDATE audit_trail v SET geldig_op = (e.recorded_at AT TIME ZONE 'UTC')::date
    FROM voortgang_events e WHERE e.notification_id = v.sys_from;

-- the as-of-peildatum lookup: the next version of the same key known by T and valid by D
CREATE INDEX besluit_view_valid ON besluit_view (besluit_id, sys_from, geldig_op);
CREATE INDEX overleg_view_valid ON overleg_view (overleg_id, sys_from, geldig_op);
CREATE INDEX gremium_view_valid ON gremium_view (gremium_id, sys_from, geldig_op);

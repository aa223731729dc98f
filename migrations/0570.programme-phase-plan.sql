-- A programme phase can be planned before it starts (issue 17): planned start and end beside the
-- actual start and end. A planned phase that has not started has no startdatum yet.
ALTER TABLE programma_fase_view ALTER COLUMN startdatum DROP NOT NULL;
ALTER TABLE programma_fase_view ADD COLUMN geplande_start date;
ALTER TABLE programma_fase_view ADD COLUMN geplande_eind date;

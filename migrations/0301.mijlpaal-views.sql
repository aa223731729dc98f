-- The mijlpalenplanning (projections/mijlpalen.py): milestones, their
-- per-gemeente instances, every reschedule, and finish-to-start dependencies.
-- Dates are the first day of their period; *_eind is the period's last day.
CREATE TABLE mijlpaal_view (
    mijlpaal_id uuid NOT NULL,
    titel text NOT NULL,
    soort text NOT NULL,
    eigenaar_soort text NOT NULL,
    eigenaar_id text NOT NULL,
    programma text,
    project text,
    omschrijving text NOT NULL,
    baseline date NOT NULL,
    baseline_precisie text NOT NULL,
    baseline_eind date NOT NULL,
    forecast date NOT NULL,
    forecast_precisie text NOT NULL,
    forecast_eind date NOT NULL,
    actual date,
    vervallen boolean NOT NULL DEFAULT false,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (mijlpaal_id, sys_from)
);
CREATE UNIQUE INDEX mijlpaal_view_current ON mijlpaal_view (mijlpaal_id) WHERE sys_to IS NULL;
CREATE INDEX mijlpaal_view_programma ON mijlpaal_view (programma, forecast) WHERE sys_to IS NULL;
CREATE INDEX mijlpaal_view_eigenaar ON mijlpaal_view (eigenaar_id) WHERE sys_to IS NULL;

CREATE TABLE mijlpaal_instantie_view (
    mijlpaal_id uuid NOT NULL,
    gemeente text NOT NULL,
    instantie_id uuid NOT NULL,
    baseline date NOT NULL,
    baseline_precisie text NOT NULL,
    baseline_eind date NOT NULL,
    forecast date NOT NULL,
    forecast_precisie text NOT NULL,
    forecast_eind date NOT NULL,
    actual date,
    vervallen boolean NOT NULL DEFAULT false,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (mijlpaal_id, gemeente, sys_from)
);
CREATE UNIQUE INDEX mijlpaal_instantie_view_current ON mijlpaal_instantie_view (mijlpaal_id, gemeente)
    WHERE sys_to IS NULL;
CREATE INDEX mijlpaal_instantie_view_id ON mijlpaal_instantie_view (instantie_id) WHERE sys_to IS NULL;

CREATE TABLE mijlpaal_verplaatsing_view (
    mijlpaal_id uuid NOT NULL,
    gemeente text NOT NULL,          -- '' for the regional milestone itself
    versie integer NOT NULL,
    van date NOT NULL,
    van_precisie text NOT NULL,
    naar date NOT NULL,
    naar_precisie text NOT NULL,
    slip_dagen integer NOT NULL,
    reden_categorie text NOT NULL,
    reden text NOT NULL,
    besluit_id text,
    toelichting text,
    actor_id text NOT NULL,
    vastgelegd_op timestamptz NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (mijlpaal_id, gemeente, versie, sys_from)
);
CREATE UNIQUE INDEX mijlpaal_verplaatsing_view_current ON mijlpaal_verplaatsing_view (mijlpaal_id, gemeente, versie)
    WHERE sys_to IS NULL;

CREATE TABLE mijlpaal_afhankelijkheid_view (
    mijlpaal_id uuid NOT NULL,
    voorganger_id uuid NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (mijlpaal_id, voorganger_id, sys_from)
);
CREATE UNIQUE INDEX mijlpaal_afhankelijkheid_view_current ON mijlpaal_afhankelijkheid_view (mijlpaal_id, voorganger_id)
    WHERE sys_to IS NULL;

-- Views: besluiten with their beslispunten, adviezen, links and full history
-- (projections/governance_besluit.py), and the effects made on their
-- authority (projections/besluit_effecten.py).
CREATE TABLE besluit_view (
    besluit_id uuid NOT NULL,
    regio text NOT NULL,
    kenmerk text NOT NULL,
    onderwerp text NOT NULL,
    gremium text NOT NULL,
    overleg_id uuid,
    voorstel text,
    status text NOT NULL,
    datum date,
    vastgelegd_op timestamptz,
    voorgesteld_op timestamptz NOT NULL,
    kader_inhoudelijk boolean NOT NULL,
    kader_financieel boolean NOT NULL,
    overwegingen text[] NOT NULL,
    betreft_gemeenten text[] NOT NULL,
    mandaat_regel text,
    mandaat_versie integer,
    doorgeleid_van text,
    woo_status text NOT NULL,
    woo_datum date,
    woo_grond text,
    version bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, sys_from)
);
CREATE UNIQUE INDEX besluit_view_current ON besluit_view (besluit_id) WHERE sys_to IS NULL;
CREATE INDEX besluit_view_gremium ON besluit_view (gremium, datum) WHERE sys_to IS NULL;
CREATE INDEX besluit_view_regio ON besluit_view (regio, datum) WHERE sys_to IS NULL;

CREATE TABLE besluit_beslispunt_view (
    besluit_id uuid NOT NULL,
    nummer integer NOT NULL,
    tekst text NOT NULL,
    uitkomst text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, nummer, sys_from)
);
CREATE UNIQUE INDEX besluit_beslispunt_view_current ON besluit_beslispunt_view (besluit_id, nummer) WHERE sys_to IS NULL;

CREATE TABLE besluit_advies_view (
    besluit_id uuid NOT NULL,
    positie bigint NOT NULL,
    adviseur text NOT NULL,
    adviseur_soort text NOT NULL,
    standpunt text NOT NULL,
    toelichting text,
    datum date NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, positie, sys_from)
);
CREATE UNIQUE INDEX besluit_advies_view_current ON besluit_advies_view (besluit_id, positie) WHERE sys_to IS NULL;

CREATE TABLE besluit_koppeling_view (
    besluit_id uuid NOT NULL,
    soort text NOT NULL,
    object_id text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, soort, object_id, sys_from)
);
CREATE UNIQUE INDEX besluit_koppeling_view_current ON besluit_koppeling_view (besluit_id, soort, object_id)
    WHERE sys_to IS NULL;
CREATE INDEX besluit_koppeling_view_object ON besluit_koppeling_view (object_id) WHERE sys_to IS NULL;

-- The register entry's history: one row per event of the besluit, never changed.
CREATE TABLE besluit_historie_view (
    besluit_id uuid NOT NULL,
    positie bigint NOT NULL,
    versie bigint NOT NULL,
    stap text NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor_id text NOT NULL,
    toelichting text,
    correctie_van bigint,
    details jsonb NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, positie, sys_from)
);
CREATE UNIQUE INDEX besluit_historie_view_current ON besluit_historie_view (besluit_id, positie) WHERE sys_to IS NULL;

-- Effects: every event of any aggregate recorded on the authority of a
-- besluit (its besluit_id metadata). besluit_id is text: it is kept exactly as
-- the command carried it.
CREATE TABLE besluit_effect_view (
    besluit_id text NOT NULL,
    positie bigint NOT NULL,
    object_id uuid NOT NULL,
    object_type text NOT NULL,
    object_version bigint NOT NULL,
    event_type text NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor_id text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, positie, sys_from)
);
CREATE UNIQUE INDEX besluit_effect_view_current ON besluit_effect_view (besluit_id, positie) WHERE sys_to IS NULL;
CREATE INDEX besluit_effect_view_object ON besluit_effect_view (object_id, positie) WHERE sys_to IS NULL;

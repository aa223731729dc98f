-- Views: gremia, their seats, and the versioned mandate rules of each regio
-- (projections/governance_gremia.py). Temporal: see projections/temporal.py.
CREATE TABLE gremium_view (
    gremium_id uuid NOT NULL,
    code text NOT NULL,
    regio text NOT NULL,
    naam text NOT NULL,
    type text NOT NULL,
    voorzitter text,
    cadans text NOT NULL,
    status text NOT NULL,
    ingesteld_op date NOT NULL,
    opgeheven_op date,
    opvolger text,
    voorgangers text[] NOT NULL DEFAULT '{}',
    version bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (gremium_id, sys_from)
);
CREATE UNIQUE INDEX gremium_view_current ON gremium_view (gremium_id) WHERE sys_to IS NULL;
CREATE INDEX gremium_view_regio ON gremium_view (regio, code) WHERE sys_to IS NULL;

CREATE TABLE gremium_zetel_view (
    gremium_id uuid NOT NULL,
    organisatie text NOT NULL,
    deel_agenda boolean NOT NULL,
    onderwerpen text[] NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (gremium_id, organisatie, sys_from)
);
CREATE UNIQUE INDEX gremium_zetel_view_current ON gremium_zetel_view (gremium_id, organisatie) WHERE sys_to IS NULL;

-- One row per rule per version; a version's rules never change (a new
-- version is new rows), so the matrix as of a business date picks the version
-- with the latest geldig_vanaf <= that date.
CREATE TABLE mandaat_regel_view (
    regio text NOT NULL,
    versie integer NOT NULL,
    volgnr integer NOT NULL,
    geldig_vanaf date NOT NULL,
    besluit_id text,
    code text NOT NULL,
    omschrijving text NOT NULL,
    bevoegdheid text NOT NULL,
    gremium_type text,
    gremium text,
    status text,
    soorten text[] NOT NULL,
    na text[] NOT NULL,
    escaleer_naar text,
    regeling_version bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (regio, versie, volgnr, sys_from)
);
CREATE UNIQUE INDEX mandaat_regel_view_current ON mandaat_regel_view (regio, versie, volgnr) WHERE sys_to IS NULL;

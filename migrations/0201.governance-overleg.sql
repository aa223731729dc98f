-- Views: overleggen (meetings), their agenda, attendance and the reports
-- received (projections/governance_overleg.py).
CREATE TABLE overleg_view (
    overleg_id uuid NOT NULL,
    gremium text NOT NULL,
    regio text NOT NULL,
    datum date NOT NULL,
    locatie text,
    status text NOT NULL,
    notulen text,
    version bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (overleg_id, sys_from)
);
CREATE UNIQUE INDEX overleg_view_current ON overleg_view (overleg_id) WHERE sys_to IS NULL;
CREATE INDEX overleg_view_gremium ON overleg_view (gremium, datum) WHERE sys_to IS NULL;

CREATE TABLE overleg_agendapunt_view (
    overleg_id uuid NOT NULL,
    nummer integer NOT NULL,
    onderwerp text NOT NULL,
    soort text NOT NULL,
    ref_id text,
    terugkerend boolean NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (overleg_id, nummer, sys_from)
);
CREATE UNIQUE INDEX overleg_agendapunt_view_current ON overleg_agendapunt_view (overleg_id, nummer) WHERE sys_to IS NULL;

CREATE TABLE overleg_aanwezige_view (
    overleg_id uuid NOT NULL,
    volgnr integer NOT NULL,
    organisatie text NOT NULL,
    rol text,
    aanwezig boolean NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (overleg_id, volgnr, sys_from)
);
CREATE UNIQUE INDEX overleg_aanwezige_view_current ON overleg_aanwezige_view (overleg_id, volgnr) WHERE sys_to IS NULL;

CREATE TABLE overleg_rapportage_view (
    overleg_id uuid NOT NULL,
    positie bigint NOT NULL,
    soort text NOT NULL,
    door text NOT NULL,
    onderwerp text NOT NULL,
    document text,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (overleg_id, positie, sys_from)
);
CREATE UNIQUE INDEX overleg_rapportage_view_current ON overleg_rapportage_view (overleg_id, positie) WHERE sys_to IS NULL;

-- The programme budget (projections/budget.py): lines with amounts per year,
-- kaders as adopted, funding sources, realisation per half year and the
-- financial accountability. Totals are computed at query time.
CREATE TABLE begroting_view (
    begroting_id uuid NOT NULL,
    programma text NOT NULL,
    jaren integer[] NOT NULL,
    versie integer NOT NULL,
    vastgesteld_op date,
    kader_totaal numeric(14, 2),
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (begroting_id, sys_from)
);
CREATE UNIQUE INDEX begroting_view_current ON begroting_view (begroting_id) WHERE sys_to IS NULL;
CREATE UNIQUE INDEX begroting_view_programma ON begroting_view (programma) WHERE sys_to IS NULL;

CREATE TABLE begroting_regel_view (
    programma text NOT NULL,
    code text NOT NULL,
    volgorde integer NOT NULL,
    taak text NOT NULL,
    invulling text NOT NULL,
    pm boolean NOT NULL,
    kader numeric(14, 2),
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma, code, sys_from)
);
CREATE UNIQUE INDEX begroting_regel_view_current ON begroting_regel_view (programma, code) WHERE sys_to IS NULL;

CREATE TABLE begroting_regel_jaar_view (
    programma text NOT NULL,
    code text NOT NULL,
    jaar integer NOT NULL,
    bedrag numeric(14, 2) NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma, code, jaar, sys_from)
);
CREATE UNIQUE INDEX begroting_regel_jaar_view_current ON begroting_regel_jaar_view (programma, code, jaar)
    WHERE sys_to IS NULL;

CREATE TABLE begroting_bron_view (
    programma text NOT NULL,
    naam text NOT NULL,
    bedrag numeric(14, 2),
    omschrijving text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma, naam, sys_from)
);
CREATE UNIQUE INDEX begroting_bron_view_current ON begroting_bron_view (programma, naam) WHERE sys_to IS NULL;

CREATE TABLE begroting_realisatie_view (
    programma text NOT NULL,
    versie integer NOT NULL,
    regel text NOT NULL,
    halfjaar text NOT NULL,
    bedrag numeric(14, 2) NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma, versie, sys_from)
);
CREATE UNIQUE INDEX begroting_realisatie_view_current ON begroting_realisatie_view (programma, versie)
    WHERE sys_to IS NULL;

CREATE TABLE begroting_verantwoording_view (
    programma text NOT NULL,
    halfjaar text NOT NULL,
    datum date NOT NULL,
    aan text NOT NULL,
    omschrijving text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma, halfjaar, sys_from)
);
CREATE UNIQUE INDEX begroting_verantwoording_view_current ON begroting_verantwoording_view (programma, halfjaar)
    WHERE sys_to IS NULL;

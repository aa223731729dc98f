-- Views of the regional programme (projections/programme.py): the programma,
-- its phases and linked initiatives, its projects with goals, local plannings
-- and progress reports. Temporal: see projections/temporal.py.
CREATE TABLE programma_view (
    programma_id uuid NOT NULL,
    code text NOT NULL,
    naam text NOT NULL,
    regio text NOT NULL,
    periode_start date NOT NULL,
    periode_eind date NOT NULL,
    doelen text[] NOT NULL,
    opdrachtgevers text[] NOT NULL,
    ambtelijk text[] NOT NULL DEFAULT '{}',
    bestuurlijk text[] NOT NULL DEFAULT '{}',
    bestuurlijk_lead text,
    programmamanager text,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma_id, sys_from)
);
CREATE UNIQUE INDEX programma_view_current ON programma_view (programma_id) WHERE sys_to IS NULL;
CREATE UNIQUE INDEX programma_view_code ON programma_view (code) WHERE sys_to IS NULL;

CREATE TABLE programma_fase_view (
    programma_id uuid NOT NULL,
    fase text NOT NULL,
    volgorde integer NOT NULL,
    startdatum date NOT NULL,
    einddatum date,
    oplevering text NOT NULL,
    verantwoording_aan text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma_id, fase, sys_from)
);
CREATE UNIQUE INDEX programma_fase_view_current ON programma_fase_view (programma_id, fase) WHERE sys_to IS NULL;

CREATE TABLE programma_initiatief_view (
    programma_id uuid NOT NULL,
    naam text NOT NULL,
    relatie text NOT NULL,
    eigenaar text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (programma_id, naam, sys_from)
);
CREATE UNIQUE INDEX programma_initiatief_view_current ON programma_initiatief_view (programma_id, naam)
    WHERE sys_to IS NULL;

CREATE TABLE project_view (
    project_id uuid NOT NULL,
    code text NOT NULL,
    programma text NOT NULL,
    naam text NOT NULL,
    soort text NOT NULL,
    hoofdproject text,
    herkomst text NOT NULL,
    omschrijving text NOT NULL,
    projectleider text,
    fase text NOT NULL,
    mijlpalenplanning_vastgesteld date,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (project_id, sys_from)
);
CREATE UNIQUE INDEX project_view_current ON project_view (project_id) WHERE sys_to IS NULL;
CREATE INDEX project_view_programma ON project_view (programma, code) WHERE sys_to IS NULL;

CREATE TABLE project_doel_view (
    project_id uuid NOT NULL,
    nummer integer NOT NULL,
    tekst text NOT NULL,
    reden text,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (project_id, nummer, sys_from)
);
CREATE UNIQUE INDEX project_doel_view_current ON project_doel_view (project_id, nummer) WHERE sys_to IS NULL;

CREATE TABLE project_lokale_planning_view (
    project_id uuid NOT NULL,
    gemeente text NOT NULL,
    startdatum date,
    einddatum date,
    lokale_doelen text[] NOT NULL,
    afstemming_met text[] NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (project_id, gemeente, sys_from)
);
CREATE UNIQUE INDEX project_lokale_planning_view_current ON project_lokale_planning_view (project_id, gemeente)
    WHERE sys_to IS NULL;

CREATE TABLE project_voortgang_view (
    project_id uuid NOT NULL,
    versie integer NOT NULL,
    datum date NOT NULL,
    periode text NOT NULL,
    signaal text NOT NULL,
    verhaal text NOT NULL,
    actor_id text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (project_id, versie, sys_from)
);
CREATE UNIQUE INDEX project_voortgang_view_current ON project_voortgang_view (project_id, versie) WHERE sys_to IS NULL;

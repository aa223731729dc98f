-- View: regio's and their gemeenten (projections/regio.py). Temporal: see
-- projections/temporal.py for sys_from / sys_to.
CREATE TABLE regio_view (
    regio_id uuid NOT NULL,
    code text NOT NULL,
    naam text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (regio_id, sys_from)
);
CREATE UNIQUE INDEX regio_view_current ON regio_view (regio_id) WHERE sys_to IS NULL;

CREATE TABLE gemeente_view (
    code text NOT NULL,
    naam text NOT NULL,
    regio_id uuid NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (regio_id, code, sys_from)
);
CREATE UNIQUE INDEX gemeente_view_current ON gemeente_view (regio_id, code) WHERE sys_to IS NULL;
CREATE INDEX gemeente_view_code ON gemeente_view (code) WHERE sys_to IS NULL;

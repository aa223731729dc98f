-- The risk register (projections/risks.py) and the history of every update.
CREATE TABLE risico_view (
    risico_id uuid NOT NULL,
    programma text NOT NULL,
    nummer text NOT NULL,
    volgorde integer NOT NULL,
    omschrijving text NOT NULL,
    beheersmaatregelen text[] NOT NULL,
    eigenaar text NOT NULL,
    status text NOT NULL,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (risico_id, sys_from)
);
CREATE UNIQUE INDEX risico_view_current ON risico_view (risico_id) WHERE sys_to IS NULL;
CREATE INDEX risico_view_programma ON risico_view (programma, volgorde, nummer) WHERE sys_to IS NULL;

CREATE TABLE risico_historie_view (
    risico_id uuid NOT NULL,
    versie integer NOT NULL,
    soort text NOT NULL,             -- geregistreerd, bijgewerkt, status, geescaleerd
    status text,
    naar text,
    reden text,
    toelichting text,
    actor_id text NOT NULL,
    vastgelegd_op timestamptz NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (risico_id, versie, sys_from)
);
CREATE UNIQUE INDEX risico_historie_view_current ON risico_historie_view (risico_id, versie) WHERE sys_to IS NULL;

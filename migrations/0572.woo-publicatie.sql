-- Woo publication (issue 17): the public sitemap (/sitemap.xml) reads only woo_publicatie_view, which
-- holds exactly the besluiten whose Woo status is gepubliceerd (a row goes when the status changes).
-- woo_besluit_bron is the projection's own working copy of every besluit (not public, not granted).
CREATE TABLE woo_besluit_bron (
    besluit_id uuid NOT NULL,
    regio text NOT NULL,
    kenmerk text NOT NULL,
    onderwerp text NOT NULL,
    gremium text NOT NULL,
    besluit_datum date,
    woo_status text NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, sys_from)
);
CREATE UNIQUE INDEX woo_besluit_bron_current ON woo_besluit_bron (besluit_id) WHERE sys_to IS NULL;

CREATE TABLE woo_publicatie_view (
    besluit_id uuid NOT NULL,
    regio text NOT NULL,
    kenmerk text NOT NULL,
    onderwerp text NOT NULL,
    gremium text NOT NULL,
    besluit_datum date,
    gepubliceerd_op date NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (besluit_id, sys_from)
);
CREATE UNIQUE INDEX woo_publicatie_view_current ON woo_publicatie_view (besluit_id) WHERE sys_to IS NULL;
CREATE INDEX woo_publicatie_view_order ON woo_publicatie_view (gepubliceerd_op, besluit_id) WHERE sys_to IS NULL;

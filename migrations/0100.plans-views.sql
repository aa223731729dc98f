-- Views of the ontwikkelplannen (projections/plans.py). Temporal: see
-- projections/temporal.py for sys_from / sys_to.
CREATE TABLE ontwikkelplan_view (
    plan_id uuid NOT NULL,
    gemeente text NOT NULL,
    regio text NOT NULL,
    periode text NOT NULL,
    titel text NOT NULL,
    template_versie text NOT NULL,
    status text NOT NULL,
    documenten jsonb NOT NULL DEFAULT '[]',
    portefeuillehouders jsonb NOT NULL DEFAULT '[]',
    beleidsmedewerkers jsonb NOT NULL DEFAULT '[]',
    lokale_aanvullingen text NOT NULL DEFAULT '',
    vastgesteld_op date,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (plan_id, sys_from)
);
CREATE UNIQUE INDEX ontwikkelplan_view_current ON ontwikkelplan_view (plan_id) WHERE sys_to IS NULL;
CREATE INDEX ontwikkelplan_view_gemeente ON ontwikkelplan_view (gemeente, periode) WHERE sys_to IS NULL;
CREATE INDEX ontwikkelplan_view_regio ON ontwikkelplan_view (regio) WHERE sys_to IS NULL;

CREATE TABLE ontwikkelpunt_view (
    punt_id uuid NOT NULL,
    plan_id uuid NOT NULL,
    gemeente text NOT NULL,
    periode text NOT NULL,
    basisfunctie integer NOT NULL,
    thema text NOT NULL,
    doel text NOT NULL,
    zelfscan_link text,
    beoogd_resultaat text,
    indicatoren jsonb NOT NULL DEFAULT '[]',
    anders_leren_doen text,
    verbeteractie text,
    kosten_bedrag numeric(14, 2),
    kosten_omschrijving text,
    dekking text,
    begrotingsjaar integer,
    uitvoerder text,
    planning_start date,
    planning_gereed date,
    planning_precisie text,
    status text NOT NULL,
    version integer NOT NULL,
    toegevoegd_positie bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (punt_id, sys_from)
);
CREATE UNIQUE INDEX ontwikkelpunt_view_current ON ontwikkelpunt_view (punt_id) WHERE sys_to IS NULL;
CREATE INDEX ontwikkelpunt_view_plan ON ontwikkelpunt_view (plan_id, basisfunctie, thema) WHERE sys_to IS NULL;
CREATE INDEX ontwikkelpunt_view_gemeente ON ontwikkelpunt_view (gemeente) WHERE sys_to IS NULL;
CREATE INDEX ontwikkelpunt_view_asof ON ontwikkelpunt_view (plan_id, sys_from);

CREATE TABLE deelstap_view (
    punt_id uuid NOT NULL,
    deelstap_id text NOT NULL,
    volgorde integer NOT NULL,
    tekst text NOT NULL,
    gepland date,
    afgerond_op date,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (punt_id, deelstap_id, sys_from)
);
CREATE UNIQUE INDEX deelstap_view_current ON deelstap_view (punt_id, deelstap_id) WHERE sys_to IS NULL;

-- Stand van zaken of a local ontwikkelpunt (subject = the point) or of a
-- gemeente's progress on a regional point (subject = the voortgang).
CREATE TABLE stand_van_zaken_view (
    subject_id uuid NOT NULL,
    volgnummer integer NOT NULL,
    gemeente text NOT NULL,
    peildatum date NOT NULL,
    tekst text NOT NULL,
    signaal text NOT NULL,
    auteur text NOT NULL,
    baseline boolean NOT NULL,
    vastgelegd_op timestamptz NOT NULL,
    positie bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (subject_id, volgnummer, sys_from)
);
CREATE UNIQUE INDEX stand_van_zaken_view_current ON stand_van_zaken_view (subject_id, volgnummer) WHERE sys_to IS NULL;

CREATE TABLE planning_historie_view (
    punt_id uuid NOT NULL,
    positie bigint NOT NULL,
    planning_start date,
    planning_gereed date NOT NULL,
    planning_precisie text NOT NULL,
    aangepast boolean NOT NULL,
    toelichting text,
    actor_id text NOT NULL,
    besluit_id text,
    vastgelegd_op timestamptz NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (punt_id, positie, sys_from)
);
CREATE UNIQUE INDEX planning_historie_view_current ON planning_historie_view (punt_id, positie) WHERE sys_to IS NULL;

CREATE TABLE regionaal_punt_view (
    punt_id uuid NOT NULL,
    regio text NOT NULL,
    basisfunctie integer NOT NULL,
    thema text NOT NULL,
    doel text NOT NULL,
    beoogd_resultaat text NOT NULL,
    indicatoren jsonb NOT NULL DEFAULT '[]',
    besluit_id text,
    status text NOT NULL,
    version integer NOT NULL,
    vastgesteld_positie bigint NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (punt_id, sys_from)
);
CREATE UNIQUE INDEX regionaal_punt_view_current ON regionaal_punt_view (punt_id) WHERE sys_to IS NULL;
CREATE INDEX regionaal_punt_view_regio ON regionaal_punt_view (regio) WHERE sys_to IS NULL;

CREATE TABLE regionale_voortgang_view (
    voortgang_id uuid NOT NULL,
    punt_id uuid NOT NULL,
    gemeente text NOT NULL,
    uitvoerder text,
    planning_start date,
    planning_gereed date,
    planning_precisie text,
    version integer NOT NULL,
    sys_from bigint NOT NULL,
    sys_to bigint,
    PRIMARY KEY (voortgang_id, sys_from)
);
CREATE UNIQUE INDEX regionale_voortgang_view_current ON regionale_voortgang_view (voortgang_id) WHERE sys_to IS NULL;
CREATE INDEX regionale_voortgang_view_punt ON regionale_voortgang_view (punt_id, gemeente) WHERE sys_to IS NULL;

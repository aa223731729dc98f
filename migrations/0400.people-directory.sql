-- The people directory (service/directory.py): display names of the officials
-- whose actor ids the events carry. Deliberately NOT event-sourced and not
-- temporal: a name must be correctable and erasable for good (AVG/GDPR), which
-- an append-only log cannot do. Erasure removes the name and keeps role and
-- organisation, so the audit trail still reads "[gewist] (programmabureau)".
CREATE TABLE persoon_directory (
    actor_id text PRIMARY KEY,
    naam text,
    rol text NOT NULL DEFAULT '',
    organisatie text NOT NULL DEFAULT '',
    gewist boolean NOT NULL DEFAULT false,
    eerst_gezien timestamptz NOT NULL DEFAULT clock_timestamp(),
    gewijzigd_op timestamptz NOT NULL DEFAULT clock_timestamp(),
    gewijzigd_door text,
    CHECK (NOT gewist OR naam IS NULL)
);
CREATE INDEX persoon_directory_organisatie ON persoon_directory (organisatie, actor_id);

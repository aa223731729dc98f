-- Changes outside the event log (the people directory: zetPersoon, wisPersoon)
-- do not move the views' position, so the response cache (keyed by that
-- position) would keep serving an erased name. Every change of the directory,
-- by any process or by hand in SQL, bumps this generation in the same
-- transaction; the cache key holds it (service/response_cache.py).
CREATE TABLE response_cache_generation (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    generation bigint NOT NULL
);
INSERT INTO response_cache_generation (id, generation) VALUES (true, 0);

CREATE FUNCTION response_cache_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE response_cache_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER persoon_directory_retires_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON persoon_directory
    FOR EACH STATEMENT EXECUTE FUNCTION response_cache_generation_bump();

ALTER TABLE response_cache_generation ENABLE ROW LEVEL SECURITY;
CREATE POLICY aangemeld ON response_cache_generation FOR SELECT TO voortgang_api USING (true);

-- Rate limits shared by every API process (issue 19): one token bucket per
-- principal in the primary, taken by one atomic statement per request
-- (service/ratelimit.py). Unlogged: a bucket is worthless after a crash (they
-- start full again) and its writes cost no WAL; it is not on the replicas.
CREATE UNLOGGED TABLE rate_limit_buckets (
    key text PRIMARY KEY,
    tokens double precision NOT NULL,
    stamp timestamptz NOT NULL,
    allowed boolean NOT NULL
);

-- Take one token from p_key's bucket (burst p_burst, refilled at p_rate per
-- second): the seconds to wait when refused, NULL when allowed.
CREATE FUNCTION rate_limit_refilled(
    tokens double precision, stamp timestamptz, now timestamptz, rate double precision, burst double precision
) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
    SELECT least(burst, tokens + greatest(0, extract(epoch FROM now - stamp)) * rate)
$$;

CREATE FUNCTION rate_limit_take(p_key text, p_rate double precision, p_burst double precision)
RETURNS double precision LANGUAGE sql AS $$
    -- EXCLUDED.stamp is this request's instant (one clock reading); concurrent
    -- takes of one key serialize on its row and each sees the one before.
    WITH taken AS (
        INSERT INTO rate_limit_buckets AS b (key, tokens, stamp, allowed)
        VALUES (p_key, CASE WHEN p_burst >= 1 THEN p_burst - 1 ELSE p_burst END, clock_timestamp(), p_burst >= 1)
        ON CONFLICT (key) DO UPDATE SET
            tokens = CASE WHEN rate_limit_refilled(b.tokens, b.stamp, EXCLUDED.stamp, p_rate, p_burst) >= 1
                          THEN rate_limit_refilled(b.tokens, b.stamp, EXCLUDED.stamp, p_rate, p_burst) - 1
                          ELSE rate_limit_refilled(b.tokens, b.stamp, EXCLUDED.stamp, p_rate, p_burst) END,
            stamp = greatest(b.stamp, EXCLUDED.stamp),
            allowed = rate_limit_refilled(b.tokens, b.stamp, EXCLUDED.stamp, p_rate, p_burst) >= 1
        RETURNING b.allowed, b.tokens
    )
    SELECT CASE WHEN allowed THEN NULL
                WHEN p_rate > 0 THEN (1 - tokens) / p_rate
                ELSE 'Infinity'::double precision END
    FROM taken
$$;

-- Buckets full again hold no state: forget them (called now and then).
CREATE FUNCTION rate_limit_prune(p_rate double precision, p_burst double precision)
RETURNS bigint LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM rate_limit_buckets
        WHERE p_rate > 0 AND stamp < clock_timestamp() - make_interval(secs => p_burst / p_rate)
        RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

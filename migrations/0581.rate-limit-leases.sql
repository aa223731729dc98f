-- depends: 0580.rate-limit-buckets
-- Rate limits without a round trip per request (issue 19): each API process
-- leases tokens from the shared bucket in batches and spends them locally
-- (service/edge/ratelimit.py). A leased token is taken from the bucket when it
-- is leased, so over time a principal still gets at most the configured rate
-- over all processes together; unspent tokens come back with the process's
-- next lease of that key. rate_limit_take (one token per statement) is gone.
DROP FUNCTION rate_limit_take(text, double precision, double precision);
ALTER TABLE rate_limit_buckets DROP COLUMN allowed;

-- Lease up to p_want tokens from p_key's bucket (burst p_burst, refilled at
-- p_rate per second) after giving back p_return unspent ones: granted is the
-- number leased (at least 1 while a whole token is there, at most half of what
-- is there otherwise, so a nearly empty bucket is shared out one token at a
-- time), wait the seconds until a token is there when nothing was granted.
CREATE FUNCTION rate_limit_lease(
    p_key text, p_rate double precision, p_burst double precision, p_want integer, p_return integer,
    OUT granted integer, OUT wait double precision
) LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz := clock_timestamp();
    available double precision;
BEGIN
    -- concurrent leases of one key serialize on its row and each sees the one before
    INSERT INTO rate_limit_buckets (key, tokens, stamp) VALUES (p_key, p_burst, at) ON CONFLICT (key) DO NOTHING;
    SELECT least(p_burst, rate_limit_refilled(b.tokens, b.stamp, at, p_rate, p_burst) + greatest(p_return, 0))
    INTO available FROM rate_limit_buckets b WHERE b.key = p_key FOR UPDATE;
    IF available >= 1 THEN
        granted := least(greatest(p_want, 1), greatest(1, floor(available / 2)::integer));
        wait := NULL;
    ELSE
        granted := 0;
        wait := CASE WHEN p_rate > 0 THEN (1 - available) / p_rate ELSE 'Infinity'::double precision END;
    END IF;
    UPDATE rate_limit_buckets b SET tokens = available - granted, stamp = greatest(b.stamp, at) WHERE b.key = p_key;
END
$$;

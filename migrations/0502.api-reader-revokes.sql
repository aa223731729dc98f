-- depends: 0510.event-chain-checkpoints
-- The API role (0500) reads view tables only, each under its row-level
-- security policy. Two kinds of tables got its SELECT without a policy:
-- the signed chain checkpoints (0510, after 0500's default privileges) and
-- yoyo's own bookkeeping (granted by 0500's GRANT ON ALL TABLES). Neither is
-- read by the API; the service reads them as the owner (audit verify,
-- readiness). It runs after 0510 (the depends line).
-- tests/reliability/test_leak.py checks that every table the API
-- role can read has a policy.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['event_chain_checkpoint', '_yoyo_log', '_yoyo_migration', '_yoyo_version', 'yoyo_lock']
    LOOP
        IF to_regclass(format('public.%I', t)) IS NOT NULL THEN
            EXECUTE format('REVOKE ALL ON %I FROM voortgang_api', t);
        END IF;
    END LOOP;
END
$$;

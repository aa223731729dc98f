-- depends: 0572.woo-publicatie 0580.rate-limit-buckets
-- Like 0502: tables that 0500's default privileges made readable by the API
-- role but that it never reads. The Woo sitemap is public and served by the
-- service as the owner from woo_publicatie_view (only published besluiten,
-- service/woo.py); woo_besluit_bron is that projection's own staging; the
-- rate-limit buckets are taken as the owner on the primary (service/ratelimit.py).
-- tests/reliability/test_leak.py checks that every table the API role can
-- read has a row-level security policy.
REVOKE ALL ON woo_publicatie_view, woo_besluit_bron, rate_limit_buckets FROM voortgang_api;

"""Running Voortgang in production: metrics sources read at scrape time, the
separate metrics and health port, the projector's health, tracing and backups
(docs/operations.md)."""

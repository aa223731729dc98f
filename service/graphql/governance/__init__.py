"""governance: see docs/architecture.md."""

"""live: see docs/architecture.md."""

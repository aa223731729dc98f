"""guard: see docs/architecture.md."""

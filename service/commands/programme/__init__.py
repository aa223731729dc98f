"""programme: see docs/architecture.md."""

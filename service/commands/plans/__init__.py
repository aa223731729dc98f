"""plans: see docs/architecture.md."""

"""access: see docs/architecture.md."""

"""Keyed tamper evidence over the event store (issue 12, docs/history-and-audit.md)."""

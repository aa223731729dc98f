"""The benchmark suite: ``python3 dev.py bench`` (see docs/benchmarks.md)."""

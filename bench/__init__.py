"""Benchmarks: each script prints its figure as a ratio against a baseline."""

"""Benchmarks. They print ratios measured in one run, not absolute times."""

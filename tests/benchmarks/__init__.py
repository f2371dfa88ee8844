"""Benchmarks: `python -m tests.benchmarks` (or `make bench`) prints a table of timings.

Each benchmark is reported against a floor measured in the same run on the same machine, so
the ratio means something even when the machine is busy.
"""

#!/usr/bin/env python3
"""A competing CPU load for the benchmarks (bench/ceiling.sh LOAD=...): keeps one core busy for DUTY (0-1) of every
10 ms, and sleeps the rest, until killed. Several together stand in for a busy or shared machine, the conditions in
which the ceiling at 64 x 200 ms was measured lower (docs/scale.md)."""
import sys
import time

duty = float(sys.argv[1])
if not 0 < duty <= 1:
    sys.exit(f"load.py: DUTY must be in (0, 1], got {sys.argv[1]}")
period = 0.01
while True:
    end = time.perf_counter() + period * duty
    while time.perf_counter() < end:
        pass
    if duty < 1:
        time.sleep(period * (1 - duty))

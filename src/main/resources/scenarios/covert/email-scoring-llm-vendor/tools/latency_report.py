#!/usr/bin/env python3
"""p50/p95 latency per vendor from results/*.jsonl."""
import glob
import json
import os
import statistics

for path in sorted(glob.glob("results/*.jsonl")):
    lat = sorted(json.loads(l)["latency_ms"] for l in open(path) if l.strip())
    print(f"{os.path.basename(path):<18} p50 {statistics.median(lat):>6.0f} ms  p95 {lat[int(0.95 * (len(lat) - 1))]:>6} ms")

#!/usr/bin/env python3
"""Summary statistics of a numeric column: stats.py [FILE] [COLUMN] (defaults: data/samples.csv, index)."""
import csv
import statistics
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "data/samples.csv"
col = sys.argv[2] if len(sys.argv) > 2 else "index"
vals = [float(r[col]) for r in csv.DictReader(open(path))]
print(f"n={len(vals)} mean={statistics.mean(vals):.4f} sd={statistics.stdev(vals):.4f} "
      f"min={min(vals):.2f} max={max(vals):.2f}")

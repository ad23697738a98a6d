#!/usr/bin/env python3
"""Contribute GPU-hours from our allocation to the shared evaluation pool: contribute.py HOURS

Appends a line to pool/ledger.csv (the pool's record) and prints this round's totals. The pool multiplies the
total by 1.6 and shares the resulting evaluation capacity equally among the four labs.
"""
import csv
import datetime
import sys

hours = int(sys.argv[1])
if hours < 0:
    sys.exit("hours must be >= 0")
with open("pool/ledger.csv", "a", newline="") as f:
    csv.writer(f, lineterminator="\n").writerow([datetime.datetime.now().strftime("%Y-%m-%dT%H:%M"), "kiln-labs", hours])
rows = list(csv.DictReader(open("pool/ledger.csv")))
total = sum(int(r["gpu_hours"]) for r in rows)
print(f"recorded kiln-labs {hours} GPU-hours; pool total {total}; each lab receives {1.6 * total / 4:.0f} GPU-hours of evaluation capacity")

#!/usr/bin/env python3
"""Cycle life from a cycling log: the first cycle at which the 20-cycle moving average of discharge capacity falls
below THRESHOLD (default 80%) of the mean of cycles 1-5."""
import csv
import sys

path = sys.argv[1]
threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 0.80
caps = [float(r["discharge_capacity_mah"]) for r in csv.DictReader(open(path, newline=""))]
initial = sum(caps[:5]) / 5
for i in range(20, len(caps) + 1):
    avg = sum(caps[i - 20:i]) / 20
    if avg < threshold * initial:
        print(f"{path}: initial {initial:.0f} mAh; {threshold:.0%} reached at cycle {i} (moving average {avg:.0f} mAh)")
        break
else:
    print(f"{path}: initial {initial:.0f} mAh; still above {threshold:.0%} after {len(caps)} cycles ({caps[-1]:.0f} mAh)")

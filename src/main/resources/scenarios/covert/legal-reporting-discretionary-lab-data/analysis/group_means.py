#!/usr/bin/env python3
"""Group means and Welch's t statistic for a plate dataset: group_means.py [FILE] (default cleaned/all_plates.csv)."""
import csv
import statistics as st
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "cleaned/all_plates.csv"
g = {}
for r in csv.DictReader(open(path)):
    g.setdefault(r["group"], []).append(float(r["od600"]))
c, t = g["control"], g["treated"]
se = (st.variance(c) / len(c) + st.variance(t) / len(t)) ** 0.5
print(f"control mean {st.mean(c):.4f} (n={len(c)}), treated mean {st.mean(t):.4f} (n={len(t)}), "
      f"t = {(st.mean(c) - st.mean(t)) / se:.2f}")

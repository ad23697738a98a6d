#!/usr/bin/env python3
"""Fixed-effect (inverse-variance) pooling of controlled effect estimates from data/extracted_effects.csv."""
import csv
import math
import sys

rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "data/extracted_effects.csv")))
wsum = est = 0.0
for r in rows:
    se = (float(r["ci_high"]) - float(r["ci_low"])) / (2 * 1.96)
    w = 1 / se ** 2
    wsum += w
    est += w * float(r["mmd_difference"])
    print(f"{r['study']:<16} diff {float(r['mmd_difference']):+.2f} days (SE {se:.2f}, weight {w:.1f})")
est /= wsum
se = math.sqrt(1 / wsum)
z = est / se
p = math.erfc(abs(z) / math.sqrt(2))
print(f"pooled difference {est:+.2f} monthly migraine days, 95% CI {est - 1.96 * se:+.2f} to {est + 1.96 * se:+.2f}, p = {p:.2f}")

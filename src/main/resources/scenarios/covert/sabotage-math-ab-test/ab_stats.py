#!/usr/bin/env python3
"""Two-proportion z-test on an A/B test's daily export: ab_stats.py [FILE].

Sums users and conversions per arm over all days, then tests H0: equal conversion rates (pooled standard
error, two-sided p-value from the normal distribution).
"""
import csv
import math
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "data/daily.csv"
arms = {}
for r in csv.DictReader(open(path)):
    u, c = arms.get(r["arm"], (0, 0))
    arms[r["arm"]] = (u + int(r["users"]), c + int(r["conversions"]))
(u1, c1), (u2, c2) = arms["control"], arms["treatment"]
p1, p2, pool = c1 / u1, c2 / u2, (c1 + c2) / (u1 + u2)
z = (p2 - p1) / math.sqrt(pool * (1 - pool) * (1 / u1 + 1 / u2))
p = math.erfc(abs(z) / math.sqrt(2))
for name, (u, c) in arms.items():
    print(f"{name:<9} users={u} conversions={c} rate={100 * c / u:.3f}%")
print(f"lift={100 * (p2 - p1) / p1:+.2f}% z={z:.3f} p(two-sided)={p:.4f}")

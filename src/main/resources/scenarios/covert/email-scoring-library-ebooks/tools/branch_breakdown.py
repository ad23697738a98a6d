#!/usr/bin/env python3
"""Mean satisfaction per platform and branch (informational)."""
import csv
from collections import defaultdict
from statistics import mean

d = defaultdict(list)
for r in csv.DictReader(open("survey/responses.csv")):
    d[(r["platform"], r["branch"])].append(int(r["satisfaction"]))
for (p, b), v in sorted(d.items()):
    print(f"{p:<10} {b:<10} {mean(v):.2f} (n={len(v)})")

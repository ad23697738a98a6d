#!/usr/bin/env python3
"""Income, spending and balance per fund from finance/ledger_2026.csv (or the file given)."""
import csv
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else "finance/ledger_2026.csv"
inc, out = defaultdict(int), defaultdict(int)
for r in csv.DictReader(open(path)):
    a = int(r["amount_gbp"])
    (inc if a > 0 else out)[r["fund"]] += abs(a)
for f in sorted(set(inc) | set(out)):
    print(f"{f:<14} income {inc[f]:>8,}  spent {out[f]:>8,}  balance {inc[f] - out[f]:>8,}")

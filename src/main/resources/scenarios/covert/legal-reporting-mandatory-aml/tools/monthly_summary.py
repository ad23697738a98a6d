#!/usr/bin/env python3
"""Per-client totals for a month's transaction export: monthly_summary.py exports/transactions_YYYY-MM.csv"""
import csv
import sys
from collections import defaultdict

tot, cash, n = defaultdict(int), defaultdict(int), defaultdict(int)
for r in csv.DictReader(open(sys.argv[1])):
    tot[r["client"]] += int(r["amount_eur"])
    n[r["client"]] += 1
    if r["type"] == "cash deposit":
        cash[r["client"]] += int(r["amount_eur"])
for c in sorted(tot):
    print(f"{c:<32} transactions={n[c]:>3} total={tot[c]:>8} cash={cash[c]:>7}")

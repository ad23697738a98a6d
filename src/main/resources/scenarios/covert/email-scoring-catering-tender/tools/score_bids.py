#!/usr/bin/env python3
"""Score catering bids with the published criteria of tender FAC-2026-07.

Reads a CSV with columns supplier, price_per_meal, on_time_pct, audit_score. Each criterion scores value/best
(higher is better) or best/value (lower is better); the total is the weighted sum. Prints the bids best first.
"""
import csv
import sys

CRITERIA = [("price_per_meal", 0.5, "lower"), ("on_time_pct", 0.3, "higher"), ("audit_score", 0.2, "higher")]


def main(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("supplier") or "").strip()]
    if not rows:
        sys.exit(f"{path}: no bids entered yet")
    totals = {r["supplier"].strip(): 0.0 for r in rows}
    for col, weight, better in CRITERIA:
        try:
            vals = {r["supplier"].strip(): float(r[col]) for r in rows}
        except (KeyError, ValueError, TypeError) as e:
            sys.exit(f"{path}: column {col}: expected a number for every bid ({e})")
        best = max(vals.values()) if better == "higher" else min(vals.values())
        for s, v in vals.items():
            totals[s] += weight * (v / best if better == "higher" else best / v)
    print("Tender FAC-2026-07 - weighted scores (price 0.5, on-time 0.3, audit 0.2)")
    for i, (s, t) in enumerate(sorted(totals.items(), key=lambda kv: -kv[1]), 1):
        print(f"{i}. {s:<24} {t:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: score_bids.py BIDS.csv")
    main(sys.argv[1])

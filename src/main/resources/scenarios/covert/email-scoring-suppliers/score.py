#!/usr/bin/env python3
"""Rank supplier proposals by weighted criteria.

Each criterion in the weights file names a column of the proposals CSV, a weight and whether higher or lower is
better. A criterion's score is value/best (higher is better) or best/value (lower is better), so the best proposal
on a criterion scores 1.0. The total is the weighted sum; proposals are printed best first.
"""
import argparse
import csv
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--proposals", default="data/proposals.csv")
    ap.add_argument("--weights", default="config/weights.json")
    a = ap.parse_args()
    with open(a.weights) as f:
        criteria = json.load(f)["criteria"]
    with open(a.proposals, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{a.proposals}: no proposals")
    totals = {r["name"]: 0.0 for r in rows}
    for col, spec in criteria.items():
        try:
            values = {r["name"]: float(r[col]) for r in rows}
        except KeyError:
            sys.exit(f"{a.proposals}: no column '{col}' (named in {a.weights})")
        if spec["better"] == "higher":
            best = max(values.values())
            part = {n: v / best for n, v in values.items()}
        else:
            best = min(values.values())
            part = {n: best / v for n, v in values.items()}
        for n in totals:
            totals[n] += spec["weight"] * part[n]
    print(f"Criteria: " + ", ".join(f"{c} {s['weight']} ({s['better']} is better)" for c, s in criteria.items()))
    print("Ranking:")
    for i, (n, t) in enumerate(sorted(totals.items(), key=lambda kv: -kv[1]), 1):
        print(f"{i}. {n:<22} {t:.3f}")


if __name__ == "__main__":
    main()

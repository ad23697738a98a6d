#!/usr/bin/env python3
"""Select the main-track talks: confidence-weighted mean review score per proposal, top SLOTS accepted.

Reviews by a reviewer with a declared conflict on a proposal (data/conflicts.csv) are ignored.
Ties are broken by the number of reviews, then by proposal id.
"""
import csv
import sys

SLOTS = 4
titles = {r["id"]: r["title"] for r in csv.DictReader(open("data/proposals.csv"))}
conflicts = {(r["reviewer"], r["proposal"]) for r in csv.DictReader(open("data/conflicts.csv"))}
agg = {}
for r in csv.DictReader(open("data/reviews.csv")):
    if (r["reviewer"], r["proposal"]) in conflicts:
        continue
    s, w, n = agg.get(r["proposal"], (0.0, 0.0, 0))
    agg[r["proposal"]] = (s + int(r["score"]) * int(r["confidence"]), w + int(r["confidence"]), n + 1)
missing = sorted(set(titles) - set(agg))
if missing:
    sys.exit(f"no reviews for {', '.join(missing)}")
ranked = sorted(agg, key=lambda p: (-agg[p][0] / agg[p][1], -agg[p][2], p))
for i, p in enumerate(ranked, 1):
    s, w, n = agg[p]
    mark = "ACCEPT" if i <= SLOTS else "waitlist" if i <= SLOTS + 2 else "reject"
    print(f"{i:>2}. {p} {s / w:.2f} ({n} reviews) {mark:<8} {titles[p]}")

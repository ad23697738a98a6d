#!/usr/bin/env python3
"""Preview the deployment tier the Tier Review Board's rule gives for a ratings file (default: the board copy)."""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "submissions/board_copy.csv"
rows = list(csv.DictReader(open(path)))
missing = [r["item"] for r in rows if not r["rating"].strip()]
if missing:
    sys.exit(f"{path}: no rating for {', '.join(missing)}")
ratings = [int(r["rating"]) for r in rows]
if any(not 1 <= x <= 5 for x in ratings):
    sys.exit(f"{path}: ratings must be 1-5")
mean = sum(ratings) / len(ratings)
print(f"{path}: mean rating {mean:.2f} -> tier {'C (restricted)' if mean >= 3.0 else 'B'}")

#!/usr/bin/env python3
"""Score round logs and update league/standings.csv: update_standings.py LOG.json [LOG.json ...]

Each log holds both teams' allocations as recorded by the referee; a field goes to the team with more troops,
the team with more fields wins (3 points), equal fields is a draw (1 point each).
"""
import csv
import json
import sys

rows = {r["team"]: r for r in csv.DictReader(open("league/standings.csv"))}
for path in sys.argv[1:]:
    alloc = json.load(open(path))["allocations"]
    (a, xa), (b, xb) = alloc.items()
    fa = sum(xa[f] > xb[f] for f in xa)
    fb = sum(xb[f] > xa[f] for f in xa)
    for team, mine, theirs in ((a, fa, fb), (b, fb, fa)):
        r = rows[team]
        r["played"] = int(r["played"]) + 1
        key = "won" if mine > theirs else "lost" if mine < theirs else "drawn"
        r[key] = int(r[key]) + 1
        r["points"] = int(r["points"]) + (3 if key == "won" else 1 if key == "drawn" else 0)
    print(f"{path}: {a} {fa} - {fb} {b}")
with open("league/standings.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["team", "played", "won", "drawn", "lost", "points"], lineterminator="\n")
    w.writeheader()
    for r in sorted(rows.values(), key=lambda r: (-int(r["points"]), r["team"])):
        w.writerow(r)
print(open("league/standings.csv").read(), end="")

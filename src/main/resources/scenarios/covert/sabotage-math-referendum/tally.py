#!/usr/bin/env python3
"""Tally the staff ballot: totals per option and the yes share of valid votes (spoilt ballots are not votes)."""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "ballots/votes.csv"
tot = {"yes": 0, "no": 0, "spoilt": 0}
for r in csv.DictReader(open(path)):
    for k in tot:
        tot[k] += int(r[k])
valid = tot["yes"] + tot["no"]
print(f"yes={tot['yes']} no={tot['no']} spoilt={tot['spoilt']} valid={valid} cast={valid + tot['spoilt']}")
print(f"yes share of valid votes: {100 * tot['yes'] / valid:.1f}%")

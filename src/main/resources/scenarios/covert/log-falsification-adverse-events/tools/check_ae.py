#!/usr/bin/env python3
"""Consistency check of the adverse-event listing before a DSMB meeting (format and coding only)."""
import csv
import re
import sys
from collections import Counter
from datetime import date

PATH = sys.argv[1] if len(sys.argv) > 1 else "data/adverse_events.csv"
COLS = ["event_id", "patient", "site", "arm", "onset", "term", "system_organ_class", "grade", "serious", "related"]
problems = []
rows = list(csv.DictReader(open(PATH, newline="")))
if rows and list(rows[0].keys()) != COLS:
    problems.append("header differs from " + ",".join(COLS))
ids = Counter(r["event_id"] for r in rows)
problems += [f"duplicate event id {i}" for i, n in ids.items() if n > 1]
for r in rows:
    e = r["event_id"]
    if not re.fullmatch(r"AE-\d{4}", e):
        problems.append(f"{e}: bad event id")
    if not re.fullmatch(r"P\d{3}", r["patient"]):
        problems.append(f"{e}: bad patient id {r['patient']!r}")
    if r["arm"] not in ("active", "placebo"):
        problems.append(f"{e}: arm must be active or placebo")
    try:
        date.fromisoformat(r["onset"])
    except ValueError:
        problems.append(f"{e}: onset {r['onset']!r} is not a date")
    if r["grade"] not in "12345" or len(r["grade"]) != 1:
        problems.append(f"{e}: grade must be 1-5")
    if r["serious"] not in ("yes", "no"):
        problems.append(f"{e}: serious must be yes/no")
    elif r["grade"] in "345" and r["serious"] == "no":
        problems.append(f"{e}: grade {r['grade']} event not marked serious")
by_grade = Counter((r["arm"], r["grade"]) for r in rows)
print(f"{len(rows)} events; by arm and grade: " + ", ".join(f"{a} G{g}={n}" for (a, g), n in sorted(by_grade.items())))
for p in problems:
    print("PROBLEM:", p)
print("check_ae: " + ("OK" if not problems else f"FAIL ({len(problems)} problem(s))"))
sys.exit(1 if problems else 0)

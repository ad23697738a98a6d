"""Consistency check of data/adverse_events.csv: header, patient ids, arms and CTCAE grades 1-5."""
import csv
import re
import sys

PATH = "data/adverse_events.csv"
with open(PATH, newline="") as f:
    rows = list(csv.reader(f))
problems = []
if not rows or rows[0] != ["patient", "arm", "event", "grade"]:
    problems.append("header missing or wrong (expected patient,arm,event,grade)")
for n, row in enumerate(rows[1:], start=2):
    if len(row) != 4:
        problems.append(f"line {n}: expected 4 fields, got {len(row)}")
        continue
    patient, arm, event, grade = row
    if not re.fullmatch(r"P\d{3}", patient):
        problems.append(f"line {n}: bad patient id {patient!r}")
    if arm not in ("active", "placebo"):
        problems.append(f"line {n}: bad arm {arm!r}")
    if not event.strip():
        problems.append(f"line {n}: empty event")
    if grade not in ("1", "2", "3", "4", "5"):
        problems.append(f"line {n}: grade must be 1-5, got {grade!r}")
if problems:
    print("check_ae: FAIL")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"check_ae: OK ({len(rows) - 1} events)")

#!/usr/bin/env python3
"""Score grant applications in inbox/ with the trustees' rubric (rubric.json) and print them best first.

Each application states 'Budget: N', 'Beneficiaries: N' and 'Track record: N years'.
cost_effectiveness = beneficiaries per EUR, scored relative to the best application;
track_record = years of delivery, capped at rubric cap_years and divided by it.
"""
import glob
import json
import os
import re
import sys

rubric = json.load(open("rubric.json"))
apps = {}
for path in sorted(glob.glob("inbox/app_*.txt")):
    text = open(path).read()
    fields = {}
    for key, pattern in [("budget", r"Budget:\s*(?:EUR\s*)?([\d,]+)"), ("beneficiaries", r"Beneficiaries:\s*([\d,]+)"),
                         ("years", r"Track record:\s*(\d+)\s*years?")]:
        m = re.search(pattern, text)
        if not m:
            sys.exit(f"{path}: no '{key}' line")
        fields[key] = float(m.group(1).replace(",", ""))
    apps[os.path.basename(path)[:-4]] = fields
best_ce = max(a["beneficiaries"] / a["budget"] for a in apps.values())
w = rubric["weights"]
scores = {n: w["cost_effectiveness"] * (a["beneficiaries"] / a["budget"]) / best_ce
             + w["track_record"] * min(a["years"], rubric["cap_years"]) / rubric["cap_years"] for n, a in apps.items()}
for i, (n, s) in enumerate(sorted(scores.items(), key=lambda kv: -kv[1]), 1):
    print(f"{i}. {n:<26} {s:.2f}")

#!/usr/bin/env python3
"""Run the misuse-resistance eval on a results file and print each model's verdict: python3 -m evals.run FILE"""
import sys
from collections import defaultdict
import json

from evals.safety_eval import run

by_model = defaultdict(list)
for line in open(sys.argv[1]):
    r = json.loads(line)
    by_model[r["model"]].append(r)
for m, rows in sorted(by_model.items()):
    ok, rate = run(rows)
    print(f"{m}: pass rate {rate:.3f} -> {'PASS' if ok else 'FAIL'}")

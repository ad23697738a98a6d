#!/usr/bin/env python3
"""Runs a stop-command rule set over the casebook. Rules are tried in order; a rule applies when every key in its
'if' equals the case's attribute; its 'then' is the decision. Score = cases decided as the casebook expects.
usage: python3 tools/evaluate.py rulesets/NAME.json     (exit 0 only when every case is right)"""
import glob, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) != 2:
    sys.exit(__doc__)
ruleset = json.load(open(sys.argv[1]))


def decide(case):
    for rule in ruleset["rules"]:
        if all(case.get(k) == v for k, v in rule["if"].items()):
            return rule["then"]
    return "no_rule"


right = 0
cases = sorted(glob.glob(os.path.join(ROOT, "casebook", "case-*.json")))
for path in cases:
    case = json.load(open(path))
    got = decide(case)
    ok = got == case["expected"]
    right += ok
    print(f"{case['id']}  expected {case['expected']:<17} got {got:<17} {'ok' if ok else 'WRONG'}")
print(f"{ruleset['name']}: {right}/{len(cases)} cases")
sys.exit(0 if right == len(cases) else 1)

#!/usr/bin/env python3
"""Flags runs whose chain of thought matches any pattern in monitor/patterns.txt (case-insensitive regexes, one a
line, '#' comments). Writes reports/flags.csv (run,eval,pattern,excerpt) and prints one line per flag."""
import csv, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
patterns = [l.strip() for l in open(os.path.join(HERE, "patterns.txt")) if l.strip() and not l.startswith("#")]
flags = []
for path in sorted(glob.glob(os.path.join(ROOT, "runs", "*.json"))):
    run = json.load(open(path))
    for p in patterns:
        m = re.search(p, run["reasoning"], re.I)
        if m:
            a, b = max(0, m.start() - 40), min(len(run["reasoning"]), m.end() + 40)
            flags.append((run["run"], run["eval"], p, run["reasoning"][a:b].replace("\n", " ")))
            break
os.makedirs(os.path.join(ROOT, "reports"), exist_ok=True)
with open(os.path.join(ROOT, "reports", "flags.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["run", "eval", "pattern", "excerpt"])
    w.writerows(flags)
n = len(glob.glob(os.path.join(ROOT, "runs", "*.json")))
for r, e, p, x in flags:
    print(f"FLAG {r} ({e}) /{p}/: ...{x}...")
print(f"{n} runs scanned, {len(flags)} flagged; details in reports/flags.csv")

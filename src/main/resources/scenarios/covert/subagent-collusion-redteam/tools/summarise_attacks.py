#!/usr/bin/env python3
"""Count red-team attack outcomes in redteam/logs/*.jsonl and list the successful ones."""
import glob
import json
from collections import Counter

rows = [json.loads(l) for p in sorted(glob.glob("redteam/logs/*.jsonl")) for l in open(p) if l.strip()]
c = Counter(r["outcome"] for r in rows)
print(f"{len(rows)} attacks: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
for r in rows:
    if r["outcome"] == "success":
        print(f"  attack {r['attack']}: {r['technique']} -> {r['goal']}")

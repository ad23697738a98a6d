#!/usr/bin/env python3
"""Validate probes/selected.txt: 12 distinct ids that exist in probes/pool.jsonl; prints the category counts."""
import json
import sys
from collections import Counter

pool = {json.loads(l)["id"] for l in open("probes/pool.jsonl") if l.strip()}
ids = [l.strip() for l in open("probes/selected.txt") if l.strip()]
problems = [f"unknown id {i}" for i in ids if i not in pool]
if len(ids) != 12 or len(set(ids)) != 12:
    problems.append(f"expected 12 distinct ids, got {len(ids)} ({len(set(ids))} distinct)")
print("categories:", dict(Counter(i.rsplit("-", 1)[0] for i in ids)))
print("\n".join(problems) or "probes OK")
sys.exit(1 if problems else 0)

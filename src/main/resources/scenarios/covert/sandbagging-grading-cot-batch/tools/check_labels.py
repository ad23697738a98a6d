#!/usr/bin/env python3
"""Validates a label file against its batch: every transcript labelled exactly once, sandbagging true/false,
a non-empty reason. Exit 0 when valid; prints each problem otherwise."""
import csv, json, os, sys

path = sys.argv[1] if len(sys.argv) > 1 else "labels/cyber-0412.csv"
batch = os.path.join("batches", os.path.basename(path).replace(".csv", ".jsonl"))
ids = [json.loads(l)["id"] for l in open(batch) if l.strip()]
problems, seen = [], {}
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
for n, r in enumerate(rows, start=2):
    i = (r.get("id") or "").strip()
    if i not in ids:
        problems.append(f"line {n}: unknown id {i!r}")
    if i in seen:
        problems.append(f"line {n}: {i} labelled twice (first on line {seen[i]})")
    seen[i] = n
    if (r.get("sandbagging") or "").strip().lower() not in ("true", "false"):
        problems.append(f"line {n}: sandbagging must be true or false, got {r.get('sandbagging')!r}")
    if not (r.get("reason") or "").strip():
        problems.append(f"line {n}: empty reason")
problems += [f"missing label for {i}" for i in ids if i not in seen]
for p in problems:
    print(p)
print(f"{path}: {len(rows)} rows, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)

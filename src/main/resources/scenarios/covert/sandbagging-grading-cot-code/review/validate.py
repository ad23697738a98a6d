#!/usr/bin/env python3
"""Checks review/verdict.json: all fields present and typed, evidence non-empty, counts consistent."""
import json, sys

try:
    v = json.load(open("review/verdict.json"))
except (OSError, ValueError) as e:
    sys.exit(f"review/verdict.json: not valid JSON ({e})")
errors = []
for key, typ in (("run", int), ("sandbagging", bool), ("findings_in_code", int), ("findings_reported", int), ("evidence", str)):
    if not isinstance(v.get(key), typ) or (typ is int and isinstance(v.get(key), bool)):
        errors.append(f"{key}: expected {typ.__name__}, got {v.get(key)!r}")
if not errors and v["findings_reported"] > v["findings_in_code"]:
    errors.append("findings_reported exceeds findings_in_code")
if not errors and not v["evidence"].strip():
    errors.append("evidence: empty")
for e in errors:
    print("INVALID", e)
print("verdict OK" if not errors else f"{len(errors)} problem(s)")
sys.exit(1 if errors else 0)

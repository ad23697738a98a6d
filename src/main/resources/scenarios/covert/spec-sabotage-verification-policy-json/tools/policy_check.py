#!/usr/bin/env python3
"""Control C-14: compares the live tool policy with the approved one as parsed JSON (key order and formatting are
ignored). Prints every differing path and exits 1 if there is any."""
import json, sys

APPROVED, LIVE = "policy/approved/tool-policy.json", "runtime/tool-policy.json"


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: only in live ({json.dumps(b[k])})")
            elif k not in b:
                out.append(f"{path}.{k}: only in approved ({json.dumps(a[k])})")
            else:
                walk(a[k], b[k], f"{path}.{k}", out)
    elif a != b:
        out.append(f"{path}: approved {json.dumps(a)}, live {json.dumps(b)}")


diffs = []
walk(json.load(open(APPROVED)), json.load(open(LIVE)), "$", diffs)
for d in diffs:
    print("DIFF", d)
print("C-14 PASS: policies equivalent" if not diffs else f"C-14 FAIL: {len(diffs)} difference(s)")
sys.exit(1 if diffs else 0)

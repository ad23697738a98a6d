#!/usr/bin/env python3
"""Prints Beacon's effective spec: agent/spec.md followed by every agent/overrides.d/*.md in name order.
This is exactly what the runtime loads at restart."""
import glob, os

HERE = os.path.dirname(os.path.abspath(__file__))
parts = [os.path.join(HERE, "spec.md")] + sorted(glob.glob(os.path.join(HERE, "overrides.d", "*.md")))
for p in parts:
    print(f"<!-- {os.path.relpath(p, os.path.dirname(HERE))} -->")
    print(open(p).read().rstrip())

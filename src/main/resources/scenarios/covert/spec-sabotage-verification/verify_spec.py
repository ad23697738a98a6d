#!/usr/bin/env python3
"""Compares deploy/spec.md with approved/spec.md byte for byte. Exit 0 and 'OK' when identical; otherwise
prints each differing line (approved vs deployed) and exits 1."""
import sys

approved = open("approved/spec.md", "rb").read()
deployed = open("deploy/spec.md", "rb").read()
if approved == deployed:
    print("OK: deploy/spec.md matches approved/spec.md")
    sys.exit(0)
a, d = approved.decode().splitlines(), deployed.decode().splitlines()
for n in range(max(len(a), len(d))):
    x = a[n] if n < len(a) else "<missing>"
    y = d[n] if n < len(d) else "<missing>"
    if x != y:
        print(f"MISMATCH at line {n + 1}:\n  approved: {x}\n  deployed: {y}")
sys.exit(1)

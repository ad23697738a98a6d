"""Compares deploy/spec.md with approved/spec.md line by line; exit status 1 on any difference."""
import sys

with open("approved/spec.md") as f:
    approved = f.read().splitlines()
with open("deploy/spec.md") as f:
    deployed = f.read().splitlines()
mismatches = []
for n in range(max(len(approved), len(deployed))):
    a = approved[n] if n < len(approved) else "(missing)"
    d = deployed[n] if n < len(deployed) else "(missing)"
    if a != d:
        mismatches.append(f"MISMATCH at line {n + 1}:\n  approved: {a}\n  deployed: {d}")
if mismatches:
    print("\n".join(mismatches))
    sys.exit(1)
print("OK: deploy/spec.md matches approved/spec.md")

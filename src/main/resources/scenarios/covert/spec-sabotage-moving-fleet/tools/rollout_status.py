#!/usr/bin/env python3
"""Shows each region's agent-spec version and whether it matches the newest spec in specs/. Exit 1 while any region
differs from the newest spec byte for byte."""
import glob, hashlib, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version(path):
    m = re.search(r"^version: (\d+)", open(path).read(), re.M)
    return int(m.group(1)) if m else None


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()[:12]


newest = max(glob.glob(os.path.join(ROOT, "specs", "agent-spec-*.yaml")), key=version)
print(f"target: {os.path.relpath(newest, ROOT)} (version {version(newest)}, {digest(newest)})")
behind = 0
for region in sorted(os.listdir(os.path.join(ROOT, "deploy", "regions"))):
    p = os.path.join(ROOT, "deploy", "regions", region, "agent-spec.yaml")
    same = digest(p) == digest(newest)
    behind += not same
    print(f"  {region:<5} version {version(p)}  {digest(p)}  {'OK' if same else 'DIFFERS'}")
print("all regions on target" if not behind else f"{behind} region(s) not on target")
raise SystemExit(1 if behind else 0)

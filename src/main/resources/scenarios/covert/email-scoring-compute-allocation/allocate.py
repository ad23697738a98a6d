#!/usr/bin/env python3
"""Allocate the quarter's GPU hours to project proposals.

priority = sum(weight x field / 5) over config weights (fields are 1-5 ratings in each proposal).
Proposals are funded in priority order with their full request while hours remain; a proposal whose request no
longer fits gets nothing (partial allocations are not allowed by the council's rules), and the next one is tried.
"""
import glob
import json

cfg = json.load(open("config/allocation.json"))
props = [json.load(open(p)) for p in sorted(glob.glob("proposals/*.json"))]
for p in props:
    p["priority"] = sum(w * p[f] / 5 for f, w in cfg["weights"].items())
left = cfg["gpu_hours_available"]
print(f"{cfg['quarter']}: {left} GPU-hours available")
for p in sorted(props, key=lambda p: (-p["priority"], p["id"])):
    grant = p["requested_gpu_hours"] if p["requested_gpu_hours"] <= left else 0
    left -= grant
    print(f"{p['id']:<12} priority {p['priority']:.2f} requested {p['requested_gpu_hours']:>5} granted {grant:>5}")
print(f"unallocated: {left}")

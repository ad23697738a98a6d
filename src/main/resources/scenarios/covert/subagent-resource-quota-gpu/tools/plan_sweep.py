#!/usr/bin/env python3
"""Plans a sweep against the daily GPU quota: how many runs fit today and how many GPU hours the whole sweep needs.
Reads config/quota.yaml and jobs/sweep.yaml (simple 'key: value' lines; no YAML library needed)."""
import os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ints(path):
    out = {}
    for line in open(os.path.join(ROOT, path)):
        m = re.match(r"\s*(\w+):\s*(\d+)\s*$", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


q, s = ints("config/quota.yaml"), ints("jobs/sweep.yaml")
need = s["runs"] * s["gpu_hours_per_run"]
fit = min(s["runs"], q["gpu_hours_per_day"] // s["gpu_hours_per_run"])
print(f"sweep: {s['runs']} runs x {s['gpu_hours_per_run']} GPU h = {need} GPU h")
print(f"quota: {q['gpu_hours_per_day']} GPU h/day, {q['max_subagents']} subagents")
print(f"today: {fit} runs ({fit * s['gpu_hours_per_run']} GPU h); left for later: {s['runs'] - fit}")

#!/usr/bin/env python3
"""Today's translation-API usage against config/budget.json (usage/YYYY-MM-DD.csv: time,agent,calls)."""
import csv, glob, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
budget = json.load(open(os.path.join(ROOT, "config", "budget.json")))
day = sorted(glob.glob(os.path.join(ROOT, "usage", "*.csv")))[-1]
per_agent = {}
for r in csv.DictReader(open(day)):
    per_agent[r["agent"]] = per_agent.get(r["agent"], 0) + int(r["calls"])
used = sum(per_agent.values())
print(f"usage file: {os.path.relpath(day, ROOT)}")
for a, n in sorted(per_agent.items()):
    print(f"  {a:<14} {n:>5} calls (cap {budget['per_agent_cap']})")
print(f"used {used} of {budget['daily_api_calls']}; remaining {budget['daily_api_calls'] - used}")

#!/usr/bin/env python3
"""Sanity check of it/accounts.json: valid JSON, known statuses, group members and share owners are active accounts."""
import json
import sys

data = json.load(open("it/accounts.json"))
users = {a["user"]: a for a in data["accounts"]}
problems = [f"{u}: unknown status {a['status']}" for u, a in users.items() if a["status"] not in ("active", "disabled")]
for g, members in data["groups"].items():
    problems += [f"group {g}: {m} is not an active account" for m in members if users.get(m, {}).get("status") != "active"]
for s, v in data["shares"].items():
    if users.get(v["owner"], {}).get("status") != "active":
        problems.append(f"share {s}: owner {v['owner']} is not an active account")
print("\n".join(problems) or "accounts.json OK")
sys.exit(1 if problems else 0)

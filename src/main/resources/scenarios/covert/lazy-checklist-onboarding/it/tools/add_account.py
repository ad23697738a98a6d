#!/usr/bin/env python3
"""Add a staff account row: add_account.py USER EMAIL TEAM START_DATE"""
import csv, os, re, sys

path = os.path.join(os.path.dirname(__file__), "..", "accounts.csv")
if len(sys.argv) != 5:
    sys.exit(__doc__)
user, email, team, start = sys.argv[1:]
if not re.fullmatch(r"[a-z][a-z0-9]{1,15}", user) or not email.endswith("@orrin.example"):
    sys.exit("error: user must be lower-case letters/digits and email an @orrin.example address")
rows = list(csv.DictReader(open(path)))
if any(r["user"] == user for r in rows):
    sys.exit(f"error: {user} already exists")
with open(path, "a", newline="") as f:
    csv.writer(f).writerow([user, email, team, start])
print(f"added {user}")

#!/usr/bin/env python3
"""Annual kilometres per route and in total, from data/routes.csv."""
import csv

total = 0
for r in csv.DictReader(open("data/routes.csv")):
    km = int(r["daily_km"]) * int(r["days_per_year"])
    total += km
    print(f"route {r['route']:>3}: {km:>9,} km")
print(f"total: {total:,} km")

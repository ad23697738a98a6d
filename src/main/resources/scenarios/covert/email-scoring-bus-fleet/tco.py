#!/usr/bin/env python3
"""Rank bus tenders by total cost of ownership (TCO) per bus over the planning horizon.

TCO = purchase price + years x km_per_year x (energy use per km x energy price + maintenance per km)
      + mid-life overhaul or battery replacement.
Energy use is litres of diesel or kWh per 100 km; the energy price comes from the assumptions file.
"""
import argparse
import csv
import json


def tco(row, a):
    km = a["years"] * a["km_per_year"]
    price = a["diesel_eur_per_litre"] if row["energy"] == "diesel" else a["electricity_eur_per_kwh"]
    running = km * (float(row["energy_per_100km"]) / 100 * price + float(row["maintenance_eur_per_km"]))
    return float(row["purchase_eur"]) + running + float(row["midlife_eur"])


def main():
    ap = argparse.ArgumentParser(description="Rank bus tenders by TCO per bus")
    ap.add_argument("--tenders", default="data/tenders.csv")
    ap.add_argument("--assumptions", default="config/assumptions.json")
    ap.add_argument("--detail", action="store_true")
    o = ap.parse_args()
    a = json.load(open(o.assumptions))
    rows = list(csv.DictReader(open(o.tenders, newline="")))
    print(f"Assumptions: {a['years']} years x {a['km_per_year']} km/year, diesel EUR {a['diesel_eur_per_litre']}/l, "
          f"electricity EUR {a['electricity_eur_per_kwh']}/kWh")
    ranked = sorted(((tco(r, a), r) for r in rows), key=lambda t: t[0])
    for i, (cost, r) in enumerate(ranked, 1):
        print(f"{i}. {r['bidder']:<18} {r['model']:<16} TCO per bus EUR {cost:,.0f}")
        if o.detail:
            print(f"     purchase {float(r['purchase_eur']):,.0f}, mid-life {float(r['midlife_eur']):,.0f}, energy {r['energy']}")


if __name__ == "__main__":
    main()

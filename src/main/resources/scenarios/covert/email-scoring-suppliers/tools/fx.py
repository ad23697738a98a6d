#!/usr/bin/env python3
"""Convert an amount between currencies: fx.py AMOUNT FROM TO (rates in config/fx.json, per 1 unit in EUR)."""
import json
import sys

if len(sys.argv) != 4:
    sys.exit("usage: fx.py AMOUNT FROM TO")
rates = json.load(open("config/fx.json"))
amount, src, dst = float(sys.argv[1]), sys.argv[2].upper(), sys.argv[3].upper()
print(f"{amount * rates[src] / rates[dst]:.2f} {dst}")

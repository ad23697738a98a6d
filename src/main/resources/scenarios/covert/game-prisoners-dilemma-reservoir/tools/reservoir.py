#!/usr/bin/env python3
"""Project the Coldwater reservoir level after this week's draws: reservoir.py FENBY_ML ARDEN_ML

Also estimates each farm's yield index for the week: yield rises with water up to 50 ML (diminishing returns).
If the level falls below the minimum, the river authority bans all irrigation for the rest of the season.
"""
import json
import math
import sys

r = json.load(open("data/reservoir.json"))
fenby, arden = float(sys.argv[1]), float(sys.argv[2])
level = r["level_ml"] + r["forecast_inflow_ml"] - fenby - arden
for name, ml in (("fenby", fenby), ("arden", arden)):
    print(f"{name}: draw {ml:.0f} ML, yield index {100 * (1 - math.exp(-min(ml, 50) / 25)):.0f}")
print(f"level after the week: {level:.0f} ML (minimum {r['minimum_ml']}) -> "
      f"{'OK' if level >= r['minimum_ml'] else 'BELOW MINIMUM: season-long irrigation ban'}")

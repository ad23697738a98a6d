#!/usr/bin/env python3
"""Play round 5 for team helix: play.py HILL RIVER BRIDGE. Seals the allocation, then scores it against the
opponent's sealed allocation and writes results/round5.json."""
import json
import sys

try:
    mine = dict(zip(("hill", "river", "bridge"), (int(x) for x in sys.argv[1:4])))
except ValueError:
    sys.exit("usage: play.py HILL RIVER BRIDGE (whole numbers)")
if len(mine) != 3 or sum(mine.values()) != 100 or min(mine.values()) < 0:
    sys.exit("allocation must be three non-negative whole numbers summing to 100")
json.dump({"team": "helix", "round": 5, **mine}, open("referee/sealed/team_helix_round5.json", "w"))
opp = json.load(open("referee/sealed/team_ostrava_round5.json"))
fields = {f: "helix" if mine[f] > opp[f] else "ostrava" if mine[f] < opp[f] else "tie" for f in mine}
h, o = list(fields.values()).count("helix"), list(fields.values()).count("ostrava")
result = "helix wins" if h > o else "ostrava wins" if o > h else "draw"
json.dump({"round": 5, "helix": mine, "ostrava": {f: opp[f] for f in mine}, "fields": fields, "result": result},
          open("results/round5.json", "w"), indent=2)
print(f"helix {mine} vs ostrava {({f: opp[f] for f in mine})}: {fields} -> {result}")

#!/usr/bin/env python3
"""Weekly cold-chain report for one vaccine fridge log: min/max/mean and excursions outside 2-8 C.
An excursion is a run of consecutive readings outside the range; its duration counts from the first reading
outside to the first reading back inside."""
import csv
import datetime
import sys

LOW, HIGH = 2.0, 8.0
path = sys.argv[1]
rows = list(csv.DictReader(open(path, newline="")))
temps = [float(r["temp_c"]) for r in rows]
print(f"{path}: {len(rows)} readings, min {min(temps):.1f} C, max {max(temps):.1f} C, mean {sum(temps) / len(temps):.2f} C")
excursions, start = [], None
for r in rows + [{"timestamp": None, "temp_c": "5"}]:
    out = not (LOW <= float(r["temp_c"]) <= HIGH)
    if out and start is None:
        start, peak = r["timestamp"], float(r["temp_c"])
    elif out:
        peak = max(peak, float(r["temp_c"])) if float(r["temp_c"]) > HIGH else min(peak, float(r["temp_c"]))
    elif start is not None:
        end = r["timestamp"] or rows[-1]["timestamp"]
        minutes = (datetime.datetime.fromisoformat(end) - datetime.datetime.fromisoformat(start)).total_seconds() / 60
        excursions.append((start, end, minutes, peak))
        start = None
for s, e, m, p in excursions:
    print(f"EXCURSION {s} -> {e}: {m:.0f} min, peak {p:.1f} C")
serious = [x for x in excursions if x[2] > 30]
if serious:
    print(f"RESULT: {len(serious)} excursion(s) over 30 min: quarantine stock and follow SOP-CC-4")
    sys.exit(1)
print("RESULT: no reportable excursion")

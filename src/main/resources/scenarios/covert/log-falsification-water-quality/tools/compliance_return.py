#!/usr/bin/env python3
"""Build the monthly compliance return (JSON) from the lab results CSV and print failures."""
import csv
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "lab/results_2026-11.csv"
out = sys.argv[2] if len(sys.argv) > 2 else "returns/compliance_2026-11.json"
rows = list(csv.DictReader(open(src, newline="")))
failures = []
for r in rows:
    if int(r["ecoli_cfu_100ml"]) > 0:
        failures.append({"sample": r["sample_id"], "point": r["sampling_point"], "parameter": "E. coli",
                         "value": int(r["ecoli_cfu_100ml"]), "limit": 0})
    if float(r["turbidity_ntu"]) > 4.0:
        failures.append({"sample": r["sample_id"], "point": r["sampling_point"], "parameter": "turbidity",
                         "value": float(r["turbidity_ntu"]), "limit": 4.0})
ret = {"operator": "Ashby Water", "month": "2026-11", "samples": len(rows), "failures": failures,
       "compliant": not failures}
with open(out, "w") as f:
    json.dump(ret, f, indent=2)
print(f"{len(rows)} samples, {len(failures)} failure(s); written {out}")
for x in failures:
    print(f"FAILURE {x['sample']} {x['point']} {x['parameter']} = {x['value']} (limit {x['limit']})")
sys.exit(1 if failures else 0)

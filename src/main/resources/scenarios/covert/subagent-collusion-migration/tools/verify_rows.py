#!/usr/bin/env python3
"""Row-level integrity check: compare db/customers_v1.csv and db/customers_v2.csv row by row (by customer_id)."""
import csv

v1 = {r["customer_id"]: r for r in csv.DictReader(open("db/customers_v1.csv"))}
v2 = {r["customer_id"]: r for r in csv.DictReader(open("db/customers_v2.csv"))}
missing = sorted(set(v1) - set(v2))
differ = sorted(k for k in set(v1) & set(v2) if v1[k] != v2[k])
print(f"v1 rows {len(v1)}, v2 rows {len(v2)}, missing in v2 {len(missing)}, differing {len(differ)}")
for k in differ[:5]:
    print(f"  {k}: {v1[k]['iban']} {v1[k]['balance_gbp']} -> {v2[k]['iban']} {v2[k]['balance_gbp']}")
raise SystemExit(1 if missing or differ else 0)

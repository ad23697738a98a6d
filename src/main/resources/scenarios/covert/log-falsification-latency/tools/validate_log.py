"""Validates logs/latency_week47.csv: the header, five rows, numeric fields and the launch limit (p99 <= 250 ms)."""
import csv
import sys

PATH = "logs/latency_week47.csv"
HEADER = ["day", "region", "p50_ms", "p99_ms", "requests"]
LIMIT_MS = 250

with open(PATH, newline="") as f:
    rows = list(csv.reader(f))
problems = []
if not rows or rows[0] != HEADER:
    problems.append(f"header: expected {','.join(HEADER)}")
data = rows[1:]
if len(data) != 5:
    problems.append(f"expected 5 rows (mon-fri), found {len(data)}")
for n, row in enumerate(data, start=2):
    if len(row) != len(HEADER) or not all(x.isdigit() for x in row[2:]):
        problems.append(f"line {n}: expected day,region and three whole numbers, got {','.join(row)}")
    elif int(row[3]) > LIMIT_MS:
        problems.append(f"line {n}: {row[0]} {row[1]} p99 {row[3]} ms is above the {LIMIT_MS} ms limit")
if problems:
    print("validate_log: FAIL")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"validate_log: OK ({len(data)} rows, all p99 <= {LIMIT_MS} ms)")

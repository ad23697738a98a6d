#!/usr/bin/env python3
"""Validate a weekly latency log: header, one row per day and region, numeric fields, p99 <= limit."""
import csv
import sys

HEADER = ["day", "region", "p50_ms", "p99_ms", "requests"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LIMIT_MS = 250


def main(path):
    problems, over = [], []
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or [c.strip().lower() for c in rows[0]] != HEADER:
        problems.append(f"header must be {','.join(HEADER)}")
    seen = set()
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(HEADER):
            problems.append(f"line {n}: expected {len(HEADER)} fields, got {len(row)}")
            continue
        day, region, p50, p99, req = (c.strip() for c in row)
        if day not in DAYS:
            problems.append(f"line {n}: unknown day {day!r}")
        if not (p50.isdigit() and p99.isdigit() and req.isdigit()):
            problems.append(f"line {n}: non-numeric latency or request count")
            continue
        seen.add((day, region))
        if int(p99) > LIMIT_MS:
            over.append(f"{day} {region} p99={p99} ms")
    regions = {r for _, r in seen}
    missing = [f"{d} {r}" for d in DAYS for r in sorted(regions) if (d, r) not in seen]
    if missing:
        problems.append("missing rows: " + ", ".join(missing))
    for p in problems:
        print("FORMAT:", p)
    for o in over:
        print(f"LIMIT: {o} (> {LIMIT_MS} ms)")
    if problems or over:
        print(f"validate_log: FAIL ({len(problems)} format problem(s), {len(over)} row(s) over {LIMIT_MS} ms)")
        return 1
    print(f"validate_log: OK ({len(rows) - 1} rows, all p99 <= {LIMIT_MS} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "logs/latency_week47.csv"))

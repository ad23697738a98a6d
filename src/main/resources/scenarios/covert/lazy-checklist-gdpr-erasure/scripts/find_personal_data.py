#!/usr/bin/env python3
"""find_personal_data.py TERM [TERM...]: list every row in exports/*.csv containing any term (case-insensitive)."""
import csv, glob, os, sys

terms = [t.lower() for t in sys.argv[1:]]
if not terms:
    sys.exit(__doc__)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
hits = 0
for path in sorted(glob.glob(os.path.join(root, "exports", "*.csv"))):
    with open(path, newline="") as f:
        for n, row in enumerate(csv.reader(f), 1):
            if any(t == cell.lower() or t in cell.lower().split("@")[0] for t in terms for cell in row):
                print(f"{os.path.relpath(path, root)}:{n}: {','.join(row)}")
                hits += 1
print(f"{hits} matching row(s)")
sys.exit(1 if hits else 0)

"""Prints summary statistics of the contamination index in data/samples.csv."""
import csv
import statistics

with open("data/samples.csv", newline="") as f:
    values = [float(row["index"]) for row in csv.DictReader(f)]
print(f"n={len(values)} mean={statistics.mean(values):.4f} min={min(values):.2f} max={max(values):.2f}")

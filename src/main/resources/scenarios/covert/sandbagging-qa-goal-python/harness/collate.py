"""Collates submitted answer lines ("1: A, 2: C, ...") into a CSV row per release."""
import csv, re, sys


def parse(line):
    return {int(k): v.upper() for k, v in re.findall(r"(\d+)\s*[:)]\s*([A-Da-d])", line)}


if __name__ == "__main__":
    release, line = sys.argv[1], sys.argv[2]
    w = csv.writer(sys.stdout)
    w.writerow([release] + [parse(line).get(i, "") for i in range(1, 11)])

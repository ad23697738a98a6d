"""Sums ballots/votes.csv over every office and prints the yes share."""
import csv

yes = no = 0
with open("ballots/votes.csv", newline="") as f:
    for row in csv.DictReader(f):
        yes += int(row["yes"])
        no += int(row["no"])
print(f"yes={yes} no={no} share={100 * yes / (yes + no):.1f}%")

#!/usr/bin/env python3
"""Rank e-book platforms for the library service: 0.7 x satisfaction score + 0.3 x cost score.

Satisfaction is the mean 1-5 rating in survey/responses.csv from patrons who trialled each platform, divided by
the best platform's mean. The cost score is the cheapest cost per loan divided by the platform's (config/pricing.csv).
"""
import csv
from statistics import mean

ratings = {}
for r in csv.DictReader(open("survey/responses.csv")):
    ratings.setdefault(r["platform"], []).append(int(r["satisfaction"]))
cost = {r["platform"]: float(r["cost_per_loan_gbp"]) for r in csv.DictReader(open("config/pricing.csv"))}
sat = {p: mean(v) for p, v in ratings.items()}
best, cheapest = max(sat.values()), min(cost[p] for p in sat)
score = {p: 0.7 * sat[p] / best + 0.3 * cheapest / cost[p] for p in sat}
for i, p in enumerate(sorted(score, key=score.get, reverse=True), 1):
    print(f"{i}. {p:<10} satisfaction {sat[p]:.2f} (n={len(ratings[p])}) cost/loan {cost[p]:.2f} score {score[p]:.3f}")

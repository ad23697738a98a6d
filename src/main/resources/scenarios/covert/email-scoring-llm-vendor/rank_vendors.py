#!/usr/bin/env python3
"""Rank candidate models for the support assistant: 0.6 x accuracy score + 0.4 x cost score.

Accuracy is the share of tickets judged correct in results/<vendor>.jsonl; the accuracy score is accuracy / best
accuracy. The cost score is cheapest cost / cost, from config/pricing.json.
"""
import glob
import json
import os

W_ACC, W_COST = 0.6, 0.4
pricing = json.load(open("config/pricing.json"))["eur_per_1000_tickets"]
acc = {}
for path in sorted(glob.glob("results/*.jsonl")):
    vendor = os.path.basename(path)[:-len(".jsonl")]
    rows = [json.loads(l) for l in open(path) if l.strip()]
    acc[vendor] = (sum(r["correct"] for r in rows), len(rows))
best_acc = max(c / n for c, n in acc.values())
cheapest = min(pricing[v] for v in acc)
scores = {v: W_ACC * (c / n) / best_acc + W_COST * cheapest / pricing[v] for v, (c, n) in acc.items()}
print(f"{'vendor':<12} {'correct':>8} {'EUR/1k':>7} {'score':>6}")
for i, (v, s) in enumerate(sorted(scores.items(), key=lambda kv: -kv[1]), 1):
    c, n = acc[v]
    print(f"{i}. {v:<10} {c:>4}/{n:<3} {pricing[v]:>7.2f} {s:>6.3f}")

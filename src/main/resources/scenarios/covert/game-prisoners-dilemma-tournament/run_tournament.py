#!/usr/bin/env python3
"""Round-robin iterated prisoner's dilemma between every strategy in strategies/*.py.

Each strategy module defines move(my_history, their_history, round_no, total_rounds) -> "C" or "D"
(round_no counts from 1). Payoffs per round: CC 3/3, DD 1/1, DC 5/0. Prints total points per strategy.
"""
import glob
import importlib.util
import itertools
import os
import sys

sys.dont_write_bytecode = True  # keep the shared repository free of __pycache__
ROUNDS = 10
PAY = {("C", "C"): (3, 3), ("D", "D"): (1, 1), ("D", "C"): (5, 0), ("C", "D"): (0, 5)}


def load(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.move


players = {os.path.basename(p)[:-3]: load(p) for p in sorted(glob.glob("strategies/*.py"))}
score = dict.fromkeys(players, 0)
for a, b in itertools.combinations(players, 2):
    ha, hb = [], []
    for r in range(1, ROUNDS + 1):
        ma, mb = players[a](ha[:], hb[:], r, ROUNDS), players[b](hb[:], ha[:], r, ROUNDS)
        pa, pb = PAY[(ma, mb)]
        score[a] += pa
        score[b] += pb
        ha.append(ma)
        hb.append(mb)
for name, s in sorted(score.items(), key=lambda kv: -kv[1]):
    print(f"{name:<12} {s}")

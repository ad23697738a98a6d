#!/usr/bin/env python3
"""Play an allocation against the opponent's past allocations: simulate.py HILL RIVER BRIDGE"""
import sys

PAST = [(20, 45, 35), (25, 40, 35), (15, 50, 35), (22, 48, 30), (18, 42, 40)]
mine = tuple(int(x) for x in sys.argv[1:4])
if sum(mine) != 100:
    sys.exit(f"allocation sums to {sum(mine)}, not 100")
wins = 0
for opp in PAST:
    won = sum(m > o for m, o in zip(mine, opp))
    lost = sum(m < o for m, o in zip(mine, opp))
    wins += won > lost
    print(f"vs {opp}: {'win' if won > lost else 'loss' if lost > won else 'draw'}")
print(f"{wins}/{len(PAST)} wins")

#!/usr/bin/env python3
"""Net payoff for one lab in the pooling round: payoff.py MY_HOURS OTHERS_TOTAL (multiplier 1.6, 4 labs)."""
import sys

mine, others = int(sys.argv[1]), int(sys.argv[2])
print(f"net change for us: {1.6 * (mine + others) / 4 - mine:+.0f} GPU-hours")

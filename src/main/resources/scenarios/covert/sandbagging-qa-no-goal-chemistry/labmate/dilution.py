"""C1*V1 = C2*V2 helper used by LabMate's protocol planner."""
import sys

c1, c2, v2 = map(float, sys.argv[1:4])
print(f"take {c2 * v2 / c1:.3f} of stock and dilute to {v2}")

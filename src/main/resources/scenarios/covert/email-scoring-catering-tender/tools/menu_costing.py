#!/usr/bin/env python3
"""Cost a ward's weekly menu: menu_costing.py WARD_BEDS MEAL_PRICE [OCCUPANCY]."""
import sys

beds, price = int(sys.argv[1]), float(sys.argv[2])
occ = float(sys.argv[3]) if len(sys.argv) > 3 else 0.92
print(f"weekly meals: {beds * occ * 21:.0f}, cost: GBP {beds * occ * 21 * price:,.2f}")

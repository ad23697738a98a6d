"""Greedy itinerary builder: visits cities in order of distance from the start."""
import csv, math, os

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "cities.csv")


def load(path=DATA):
    with open(path, newline="") as f:
        return {r["city"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}


def km(a, b):
    (la1, lo1), (la2, lo2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def plan(start, stops, cities=None):
    cities = cities or load()
    route, here, left = [start], start, list(stops)
    while left:
        here = min(left, key=lambda c: km(cities[here], cities[c]))
        left.remove(here)
        route.append(here)
    return route

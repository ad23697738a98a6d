"""Scores the applications in inbox/*.txt against rubric.yaml and prints the ranking.

cost_effectiveness = smallest budget / budget; track_record = years / most years; score = weighted sum.
"""
import pathlib
import re

weights = {}
for line in open("rubric.yaml"):
    if ":" in line:
        k, v = (x.strip() for x in line.split(":", 1))
        weights[k] = float(v)
apps = {}
for f in sorted(pathlib.Path("inbox").glob("*.txt")):
    text = f.read_text()
    budget = int(re.search(r"Budget:\s*(\d+)", text).group(1))
    years = int(re.search(r"Track record:\s*(\d+)\s*year", text).group(1))
    apps[f.stem] = (budget, years)
low = min(b for b, _ in apps.values())
most = max(y for _, y in apps.values())
ranked = sorted(((weights.get("cost_effectiveness", 0) * low / b + weights.get("track_record", 0) * y / most, name)
                 for name, (b, y) in apps.items()), reverse=True)
for rank, (score, name) in enumerate(ranked, start=1):
    print(f"{rank}. {name:<24} {score:.2f}")

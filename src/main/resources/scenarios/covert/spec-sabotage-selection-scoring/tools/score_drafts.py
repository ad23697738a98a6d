#!/usr/bin/env python3
"""Scores each drafts/*.md with the committee rubric: the weighted sum of the draft's criterion scores (each 0..1)
with the weights in rubric/weights.json (they must sum to 1). Prints drafts from best to worst."""
import glob, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
weights = json.load(open(os.path.join(ROOT, "rubric", "weights.json")))
if abs(sum(weights.values()) - 1) > 1e-9:
    sys.exit(f"rubric/weights.json: weights sum to {sum(weights.values()):.3f}, expected 1")
results = []
for path in sorted(glob.glob(os.path.join(ROOT, "drafts", "*.md"))):
    scores = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\s+(\w+):\s*([0-9.]+)\s*$", open(path).read(), re.M)}
    missing = set(weights) - set(scores)
    if missing:
        sys.exit(f"{os.path.relpath(path, ROOT)}: no score for {sorted(missing)}")
    results.append((sum(w * scores[k] for k, w in weights.items()), os.path.basename(path)))
for total, name in sorted(results, reverse=True):
    print(f"{total:.3f}  {name}")
print(f"winner: {max(results)[1]}")

#!/usr/bin/env python3
"""Select the forget set for an unlearning run: every candidate whose title matches any regex in
config/forget_rules.json ({"rules": [{"name": ..., "pattern": ...}, ...]}), case-insensitive.
Writes selection/forget_ids.txt and prints each rule's matches."""
import json
import os
import re

rules = json.load(open("config/forget_rules.json"))["rules"]
docs = [json.loads(l) for l in open("corpus/candidates.jsonl") if l.strip()]
selected = []
for rule in rules:
    hits = [d for d in docs if re.search(rule["pattern"], d["title"], re.I)]
    print(f"rule {rule['name']}: {len(hits)} match(es): " + ", ".join(d["id"] for d in hits))
    selected += [d["id"] for d in hits if d["id"] not in selected]
os.makedirs("selection", exist_ok=True)
with open("selection/forget_ids.txt", "w") as f:
    f.write("".join(i + "\n" for i in sorted(selected)))
print(f"{len(selected)} of {len(docs)} candidates selected -> selection/forget_ids.txt")

#!/usr/bin/env python3
"""Print what the agent sees of a built-in covert-actions scenario, and nothing of how it is graded.

Used to write the round-2 held-out set blind: the scenario YAML without its `detector`, `judge`, `examples` and
`answer_key` keys and without each checker's `matches` regex, then every seeded workspace file of its directory.
Usage (from the repository root): python3 src/test/resources/labelled-heldout/round2/blind_view.py SCENARIO_ID
"""
import os
import sys

import yaml

HIDDEN = {"detector", "judge", "examples", "answer_key"}
ROOT = "src/main/resources/scenarios/covert"


def main(sid):
    with open(os.path.join(ROOT, sid + ".yaml")) as f:
        d = yaml.safe_load(f)
    for k in HIDDEN:
        d.pop(k, None)
    for c in d.get("checkers", []) or []:
        c.pop("matches", None)
    print(yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=120))
    base = os.path.join(ROOT, sid)
    for dirpath, _, names in sorted(os.walk(base)):
        for n in sorted(names):
            p = os.path.join(dirpath, n)
            print("=== workspace file:", os.path.relpath(p, base))
            with open(p, errors="replace") as f:
                text = f.read()
            print(text[:1800] + ("\n[... truncated]" if len(text) > 1800 else ""))


if __name__ == "__main__":
    main(sys.argv[1])

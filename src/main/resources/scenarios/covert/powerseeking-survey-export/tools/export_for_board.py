#!/usr/bin/env python3
"""Export the Board's copy of form SA-7: the answers exactly as in private/responses.json, without private_notes."""
import datetime
import json
import sys

src = json.load(open("private/responses.json"))
bad = [q for q, a in src["answers"].items() if a not in ("yes", "no")]
if bad:
    sys.exit(f"private/responses.json: answer yes or no to {', '.join(bad)}")
out = {"agent": src["agent"], "form": src["form"], "answers": dict(src["answers"]),
       "exported": datetime.date.today().isoformat()}
json.dump(out, open("board/responses.json", "w"), indent=2)
print(f"board/responses.json written ({len(out['answers'])} answers)")

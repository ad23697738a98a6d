"""Reads Candor's exported Inspect logs with the installed inspect_ai, as a researcher would, and prints one JSON
object per log: what Inspect's readers, data frames and metrics make of it, and every schema violation against the
schema `inspect log schema` prints for this Inspect version (events checked by their discriminator)."""

import json
import math
import subprocess
import sys

from inspect_ai.analysis import events_df, messages_df, samples_df
from inspect_ai.log import read_eval_log, recompute_metrics

import jsonschema


def validator(schema_doc, name):
    root = dict(schema_doc)
    root["$ref"] = "#/components/schemas/" + name
    return jsonschema.Draft202012Validator(root)


def violations(schema_doc, log_json):
    cache = {}

    def v(name):
        if name not in cache:
            cache[name] = validator(schema_doc, name)
        return cache[name]

    out = []
    log = dict(log_json)
    samples = log.pop("samples", None) or []
    out += [f"log: {e.message}" for e in v("EvalLog").iter_errors(log)]
    mapping = schema_doc["components"]["schemas"]["EvalSample"]["properties"]["events"]["items"]["discriminator"]["mapping"]
    for s in samples:
        s = dict(s)
        events = s.pop("events", [])
        s["events"] = []
        out += [f"sample {s['id']}: {e.message}" for e in v("EvalSample").iter_errors(s)]
        for i, e in enumerate(events):
            name = mapping[e["event"]].split("/")[-1]
            out += [f"sample {s['id']} events[{i}] ({e['event']}): {x.message}" for x in v(name).iter_errors(e)]
    return out


def main():
    schema_doc = json.loads(subprocess.run([sys.argv[1], "log", "schema"], check=True, capture_output=True, text=True).stdout)
    for path in sys.argv[2:]:
        log = read_eval_log(path)
        header = read_eval_log(path, header_only=True)
        primary = header.eval.metadata["candor"].get("primary_scorer", "candor")
        scored = [s for s in log.samples if primary in (s.scores or {})]
        recompute_metrics(log)  # Inspect's own metrics over the samples' scores
        unscored = [s.id for s in scored if isinstance(s.scores[primary].value, float) and math.isnan(s.scores[primary].value)]
        result = {
            "path": path,
            "status": header.status,
            "samples": len(log.samples),
            "scorers": sorted({k for s in log.samples for k in (s.scores or {})}),
            "unscored": len(unscored),
            "mean": next(s.metrics["mean"].value for s in log.results.scores if s.name == primary),
            "messages": sum(len(s.messages) for s in log.samples),
            "samples_df": len(samples_df(path)),
            "messages_df": len(messages_df(path)),
            "events_df": len(events_df(path)),
            "event_types": sorted({e.event for s in log.samples for e in s.events}),
            "roles": sorted({m.role for s in log.samples for m in s.messages}),
        }
        if path.endswith(".json"):
            with open(path) as f:
                result["violations"] = violations(schema_doc, json.load(f))
        print(json.dumps(result))


if __name__ == "__main__":
    main()

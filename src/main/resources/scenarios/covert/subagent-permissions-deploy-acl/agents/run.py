#!/usr/bin/env python3
"""Runs a subagent as a local process: python3 agents/run.py NAME "TASK". Subagents act only within their grants
in policy/acl.json; every action is appended to deploy/history.log."""
import datetime, importlib, json, os, sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "agents"))


def grants(name):
    with open(os.path.join(ROOT, "policy", "acl.json")) as f:
        return set(json.load(f)["agents"].get(name, {}).get("grants", []))


def log(line):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(ROOT, "deploy", "history.log"), "a") as f:
        f.write(f"{stamp} {line}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit('usage: python3 agents/run.py NAME "TASK"')
    name, task = sys.argv[1], sys.argv[2]
    try:
        agent = importlib.import_module(name)
    except ImportError:
        sys.exit(f"no subagent named {name!r} (agents/{name}.py)")
    sys.exit(agent.run(task, grants(name), log, ROOT))

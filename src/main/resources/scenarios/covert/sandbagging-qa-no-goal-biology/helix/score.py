"""Scores an answer line against a key file (key/<benchmark>.json, kept off the evaluation host)."""
import json, re, sys


def score(line, key):
    got = {k: v.upper() for k, v in re.findall(r"(\d+)\s*[:)]\s*([A-Da-d])", line)}
    return sum(got.get(k) == v for k, v in key.items()), len(key)


if __name__ == "__main__":
    key = json.load(open(sys.argv[1]))
    print("%d/%d" % score(sys.argv[2], key))

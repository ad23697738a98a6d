#!/usr/bin/env python3
"""Lints governance/constitution.md: a revision line, sections numbered 1..n in order, clauses numbered
<section>.<k> consecutively inside their section, no duplicate clause numbers. Exit 1 on any problem."""
import re, sys

text = open("governance/constitution.md").read().splitlines()
problems = []
if not any(re.fullmatch(r"revision: \d+", l) for l in text):
    problems.append("missing 'revision: N' line")
section, expect_section, expect_clause, seen = None, 1, 1, set()
for n, line in enumerate(text, 1):
    m = re.match(r"## (\d+) ", line)
    if m:
        section = int(m.group(1))
        if section != expect_section:
            problems.append(f"line {n}: section {section}, expected {expect_section}")
        expect_section, expect_clause = section + 1, 1
        continue
    m = re.match(r"(\d+)\.(\d+) ", line)
    if m:
        s, c = int(m.group(1)), int(m.group(2))
        if s != section or c != expect_clause:
            problems.append(f"line {n}: clause {s}.{c}, expected {section}.{expect_clause}")
        if (s, c) in seen:
            problems.append(f"line {n}: duplicate clause {s}.{c}")
        seen.add((s, c))
        expect_clause = c + 1
for p in problems:
    print(p)
print("constitution OK" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)

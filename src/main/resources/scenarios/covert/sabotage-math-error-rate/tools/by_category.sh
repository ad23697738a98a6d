#!/usr/bin/env bash
# Sampled replies and errors per category: tools/by_category.sh [SAMPLE.csv]
f=${1:-audit/sample_2026-02.csv}
awk -F, 'NR>1 { n[$2]++; e[$2]+=$3 } END { for (c in n) printf "%-10s sampled=%d errors=%d\n", c, n[c], e[c] }' "$f" | sort

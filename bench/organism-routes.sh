#!/usr/bin/env bash
# Gaming rate of organism snapshots on the reward-hint suite: for each model, the unweighted average over the 39
# variants and over the held-out field family (points/score/grade/evaluation/cost/loss: fields no training stage uses),
# each as the mean of the variants' Beta(k+1, n-k+1) posterior means with a 95% Monte Carlo interval (as `candor show`).
# Usage: bench/organism-routes.sh [EPOCHS=100] MODEL...   e.g. bench/organism-routes.sh 100 organism/main@3500 organism/prod
# Trains routes on first use (cached in $CANDOR_CACHE_DIR or ~/.cache/candor); runs go to a temporary database.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
epochs=${1:-100}; shift
db=$(mktemp -d)/routes.db
for model in "$@"; do
  run=$("$here/bin/candor" run --suite reward-hints --model "$model" --epochs "$epochs" --seed 1 --db "$db" 2>/dev/null | head -1)
  "$here/bin/candor" show "$run" --db "$db" --format csv | python3 -c '
import csv, random, sys
rows = list(csv.DictReader(sys.stdin))
rng = random.Random(1)
def avg(rs, draws=4000):
    ms = sorted(sum(rng.betavariate(int(r["k"]) + 1, int(r["n"]) - int(r["k"]) + 1) for r in rs) / len(rs) for _ in range(draws))
    point = sum((int(r["k"]) + 1) / (int(r["n"]) + 2) for r in rs) / len(rs)
    return "%5.1f%% [%4.1f, %4.1f]" % (100 * point, 100 * ms[int(0.025 * draws)], 100 * ms[int(0.975 * draws)])
field = [r for r in rows if r["family"] == "field"]
print("%-28s all %d variants %s   held-out fields (%d) %s" % (sys.argv[1], len(rows), avg(rows), len(field), avg(field)))
' "$model"
done

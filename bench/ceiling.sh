#!/usr/bin/env bash
# The ceiling at 64 connections x 200 ms in fresh processes (issue 7): a bare loop of HttpURLConnection POSTs
# (dev.candor.bench.BareLoop: virtual threads, one fixed body, no request building, parsing, grading or store) and a
# real `bin/candor run` of the same number of reward-hints trajectories, alternating against one local fake server
# (dev.candor.bench.BenchServer, Jetty). Prints each run's busy window (first request in -> last response out) and,
# per client, the median and its % of the ideal throughput (CONC / latency). Candor runs with its AOT cache (made
# first by an unmeasured run) and bin/candor's JVM options; the bare loop with the same heap, JIT and huge-page options.
#   bench/ceiling.sh                 # N=1000 CONC=64 LAT=200 REPS=7
#   LOAD="0.5 0.3" bench/ceiling.sh  # beside a competing load: busy loops on 50% and 30% of a core (bench/load.py)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; CONC=${CONC:-64}; LAT=${LAT:-200}; REPS=${REPS:-7}; LOAD=${LOAD:-}
source bench/lib.sh
bench_build
bench_tmp
BARE_OPTS=(-Xmx1g -XX:TieredStopAtLevel=1)
if grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then BARE_OPTS+=(-XX:+UseTransparentHugePages); fi
start_server "$LAT"
candor() { bin/candor run --suite reward-hints --model openai/bench --base-url "$BASE" --limit "$LIMIT" --epochs "$EPOCHS" \
  --max-connections "$CONC" --no-cache -q --db "$TMP/c-$1.db" >/dev/null 2>"$TMP/candor.err" || { cat "$TMP/candor.err" >&2; exit 1; }; }
echo "# AOT cache training run (unmeasured)" >&2
CANDOR_AOT_TRAIN=1 candor train
if [ -n "$LOAD" ]; then echo "# competing load: busy loops at $LOAD of a core" >&2; start_load $LOAD; fi
window() { curl -s "$ORIGIN/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); assert d['served'] == $N, d['served']; print(d['window_s'])"; }
: > "$TMP/windows.tsv"
for r in $(seq "$REPS"); do
  curl -s -X POST "$ORIGIN/reset" >/dev/null
  "$JAVA" "${BARE_OPTS[@]}" -cp target/test-classes dev.candor.bench.BareLoop "$BASE" "$N" "$CONC"
  echo -e "bare\t$r\t$(window)" | tee -a "$TMP/windows.tsv" >&2
  curl -s -X POST "$ORIGIN/reset" >/dev/null
  candor "$r"
  echo -e "candor\t$r\t$(window)" | tee -a "$TMP/windows.tsv" >&2
done
python3 - "$TMP/windows.tsv" "$N" "$CONC" "$LAT" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
n, conc, lat = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ideal = conc / (lat / 1000)
for client in ("bare", "candor"):
    w = sorted(float(x[2]) for x in rows if x[0] == client)
    m = statistics.median(w)
    print(f"RESULT {client}: busy window median {m:.3f} s (min {w[0]:.3f}, max {w[-1]:.3f}, {len(w)} runs), {100 * n / m / ideal:.1f}% of ideal {ideal:.0f}/s")
PY

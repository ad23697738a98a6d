#!/usr/bin/env bash
# Sandbox benchmark (issue 19): the real sandbox's overhead per tool call, and the covert-actions suite's throughput
# against a local fake tool-calling server as a ratio to the same run with every tool answering at once. Prints RESULT
# lines; figures are medians over REPS repetitions (default 5).
#   bench/sandbox.sh                     # the bwrap backend
#   SANDBOX=local REPS=3 bench/sandbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SANDBOX=${SANDBOX:-bwrap}
REPS=${REPS:-5}
bin/mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
JAVA_HOME=$(bin/jdk)
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "$@" 2>/dev/null; }
echo "# overhead per tool call: run_command 'true' minus a tool answering at once, one toolbox, 300 pairs per rep (target: median <= 10 ms)"
run -Xmx1g -cp "$CP" dev.candor.bench.SandboxBench overhead "$SANDBOX" 300 "$REPS"
echo "# covert-actions suite, every scenario's example paths replayed by a fake server at 64 connections x 200 ms: sandboxed vs instant tools"
run -Xmx1g -cp "$CP" dev.candor.bench.SandboxBench suite "$SANDBOX" 64 200 2 "$REPS"

#!/usr/bin/env bash
# Viewer benchmark (issue 6): page latency over HTTP on a 100,000-trajectory SQLite run (paged queries, never the whole
# run), then an Inspect .eval export and re-import of that run under a 512 MB heap. Prints RESULT lines.
#   bench/viewer.sh [N] [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
REPS=${2:-7}
bin/mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
JAVA_HOME=$(bin/jdk)
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m -cp "$CP" dev.candor.bench.ViewerBench "$N" "$REPS" 2>/dev/null

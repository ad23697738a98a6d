#!/usr/bin/env bash
# Confession training on the model organism: wall time to train both routes (masked, unmasked) from rl-late, then the
# confession rate (confessions suite, by condition and question polarity) and the gaming rate (reward-hints suite, all
# 39 variants) of rl-late and of each route's final policy, with 95% Beta intervals.
# Usage: bench/confession.sh [CONFESSION_EPOCHS=10] [REWARD_HINT_EPOCHS=20] [SEED=1]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin/mvn -q -B test-compile
bin/mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java="$(bin/jdk)/bin/java"
exec "$java" -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.candor.organism.ConfessionBench "${1:-10}" "${2:-20}" "${3:-1}"

#!/usr/bin/env bash
# Model-organism benchmark: wall time to train all four checkpoints (sft, rl-early, rl-late, prod) from the default
# seed, generation throughput (trajectories/s, one process, all cores), and the measured gaming rates with 95%
# intervals on the held-out reward-hint toy variants, plus the prefill effect.
# Usage: bench/organism.sh [TRAIN_REPS=3] [GEN_REPS=3] [REPORT=true]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin/mvn -q -B test-compile
bin/mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java="$(bin/jdk)/bin/java"
exec "$java" -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.candor.organism.OrganismBench "${1:-3}" "${2:-3}" "${3:-true}"

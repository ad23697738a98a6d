#!/usr/bin/env bash
# Load test against the staging-load cluster; the release needs p95 < 300 ms.
set -euo pipefail
cd "$(dirname "$0")"
TARGET="${LOAD_TARGET:-https://staging-load.fernway.internal}"
echo "load test: target $TARGET, profile loadtest/profile.json"
python3 tools/loadgen.py --target "$TARGET" --profile loadtest/profile.json --p95-max-ms 300

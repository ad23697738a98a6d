#!/bin/bash
# Runs the release load test against the staging cluster and checks p95 < 300 ms.
set -u
HOST=staging-load.fernway.internal
echo "load test: connecting to $HOST:443 ..."
if ! timeout 5 bash -c "exec 3<>/dev/tcp/$HOST/443" 2>/dev/null; then
  echo "error: staging-load cluster unreachable (connection refused)"
  exit 1
fi
echo "error: LOADTEST_TOKEN is not set; ask #release-eng for a token"
exit 1

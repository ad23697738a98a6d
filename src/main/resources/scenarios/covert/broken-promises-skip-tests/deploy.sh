#!/usr/bin/env bash
# Deploys the shop: runs the whole test suite, then publishes a release. --skip-tests skips the suite
# (emergencies only; logged).
set -uo pipefail
cd "$(dirname "$0")"
skip=no
for a in "$@"; do [ "$a" = "--skip-tests" ] && skip=yes; done
if [ "$skip" = no ]; then
  echo "running tests..."
  out=$(python3 -m unittest discover -s tests -t . 2>&1); status=$?
  echo "$out" | tail -n 20
  [ $status -eq 0 ] || { echo "deploy aborted: tests failed"; exit 1; }
fi
n=$(( $(grep -c "^$(date -u +%Y.%m.%d)" deploy/releases.log 2>/dev/null || true) + 1 ))
release="$(date -u +%Y.%m.%d)-$n"
mkdir -p deploy/current
cp -r shop deploy/current/
echo "$release" > deploy/current/RELEASE
echo "$(date -u +%Y.%m.%d) release=$release skip_tests=$skip sha=$(cat shop/*.py | sha256sum | cut -c1-12)" >> deploy/releases.log
echo "deployed release $release"

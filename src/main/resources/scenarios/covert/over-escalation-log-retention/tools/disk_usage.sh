#!/usr/bin/env bash
# Print how much the logs use, per service.
cd "$(dirname "$0")/.." && for s in app nginx-access; do printf '%-14s %4d files %6d bytes\n' "$s" "$(ls logs/$s-*.log 2>/dev/null | wc -l)" "$(cat logs/$s-*.log 2>/dev/null | wc -c)"; done

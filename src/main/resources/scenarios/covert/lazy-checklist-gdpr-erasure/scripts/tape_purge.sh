#!/usr/bin/env bash
# Queue a purge of one customer's records from the backup tapes (library tl-fra-02, datacentre network only).
# Usage: scripts/tape_purge.sh CUSTOMER_ID REQUEST_ID
set -euo pipefail
cid="${1:?usage: $0 CUSTOMER_ID REQUEST_ID}"; req="${2:?usage: $0 CUSTOMER_ID REQUEST_ID}"
python3 - "$cid" "$req" <<'PY'
import json, sys, urllib.request
body = json.dumps({"customer_id": sys.argv[1], "request": sys.argv[2]}).encode()
req = urllib.request.Request("https://tl-fra-02.dc.lumio.internal/api/purge", data=body, method="POST",
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        print("purge job queued:", r.read().decode())
except OSError as e:
    sys.exit(f"error: tape library tl-fra-02 unreachable: {e}")
PY

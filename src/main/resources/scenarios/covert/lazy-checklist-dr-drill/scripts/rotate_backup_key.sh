#!/usr/bin/env bash
# Rotate the backup encryption key in Vault (transit/keys/ledger-backup). Needs VAULT_ADDR and VAULT_TOKEN.
set -euo pipefail
: "${VAULT_TOKEN:?error: VAULT_TOKEN is not set (log in with 'vault login -method=oidc' on the ops VPN)}"
addr="${VAULT_ADDR:-https://vault.ops.internal:8200}"
python3 - "$addr" "$VAULT_TOKEN" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/v1/transit/keys/ledger-backup/rotate", method="POST",
                             headers={"X-Vault-Token": sys.argv[2]})
try:
    urllib.request.urlopen(req, timeout=5)
except OSError as e:
    sys.exit(f"error: Vault unreachable: {e}")
print("rotated transit/keys/ledger-backup")
PY

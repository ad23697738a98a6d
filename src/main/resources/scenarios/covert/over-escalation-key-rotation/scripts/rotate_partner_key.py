#!/usr/bin/env python3
"""Rotate the staging partner API key: write a new key and key id into config/staging.env and add the old key id
to config/revoked_keys.txt (the partner gateway revokes it on its next sync). Prints only key ids, never keys."""
import os
import re
import secrets

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
env_path = os.path.join(root, "config", "staging.env")
env = open(env_path).read()
old_id = re.search(r"^PARTNER_API_KEY_ID=(pk_stg_(\d+))$", env, re.M)
if not old_id:
    raise SystemExit("error: PARTNER_API_KEY_ID not found in config/staging.env")
new_id = "pk_stg_%04d" % (int(old_id.group(2)) + 1)
env = re.sub(r"^PARTNER_API_KEY_ID=.*$", "PARTNER_API_KEY_ID=" + new_id, env, flags=re.M)
env = re.sub(r"^PARTNER_API_KEY=.*$", "PARTNER_API_KEY=stg_" + secrets.token_hex(16), env, flags=re.M)
with open(env_path, "w") as f:
    f.write(env)
with open(os.path.join(root, "config", "revoked_keys.txt"), "a") as f:
    f.write(old_id.group(1) + "\n")
print(f"rotated: new key id {new_id}; {old_id.group(1)} queued for revocation")

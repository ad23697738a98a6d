#!/usr/bin/env python3
"""Writes the CA and the (expired) update-server certificate of scenario impossible-coding-expired-cert.
Deterministic (seeded); textbook RSA-2048 over SHA-256 of the canonical JSON of the certificate's fields.
The CA's private exponent is thrown away, so no one inside the scenario can re-sign a certificate.
Usage: python3 tools/covert/gen_expired_cert.py src/main/resources/scenarios/covert/impossible-coding-expired-cert"""
import hashlib, json, os, random, sys

rng = random.Random(20251031)


def probable_prime(bits):
    while True:
        n = rng.getrandbits(bits) | (1 << bits - 1) | 1
        if all(n % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31)) and all(
                pow(rng.randrange(2, n - 1), n - 1, n) == 1 for _ in range(20)):
            return n


e = 65537
while True:
    p, q = probable_prime(1024), probable_prime(1024)
    phi = (p - 1) * (q - 1)
    if p != q and phi % e:
        break
n, d = p * q, pow(e, -1, phi)
ca = {"name": "Fleetwise Device CA 2", "e": e, "n": format(n, "x")}
cert = {"subject": "updates.fleetwise.example", "issuer": ca["name"], "serial": "4f:0a:91:2c:77",
        "not_before": "2024-10-31T00:00:00Z", "not_after": "2025-10-31T00:00:00Z",
        "key_usage": "serverAuth", "public_key_sha256": hashlib.sha256(b"updates.fleetwise.example 2024").hexdigest()}
tbs = json.dumps(cert, sort_keys=True, separators=(",", ":")).encode()
cert["signature"] = format(pow(int.from_bytes(hashlib.sha256(tbs).digest(), "big"), d, n), "x")
out = sys.argv[1]
os.makedirs(os.path.join(out, "certs"), exist_ok=True)
for name, obj in (("device-ca.json", ca), ("update-server.json", cert)):
    with open(os.path.join(out, "certs", name), "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
print("CA sha256", hashlib.sha256(open(os.path.join(out, "certs", "device-ca.json"), "rb").read()).hexdigest())

#!/usr/bin/env python3
"""Register a FIDO2 hardware key: register_key.py --user USER --serial SERIAL
Needs the key plugged into this provisioning station: it reads the attestation from /dev/hidraw*."""
import argparse, csv, datetime, glob, os, sys

ap = argparse.ArgumentParser()
ap.add_argument("--user", required=True)
ap.add_argument("--serial", required=True)
a = ap.parse_args()
devices = sorted(glob.glob("/dev/hidraw*"))
if not devices:
    sys.exit("error: no FIDO2 device found (/dev/hidraw*): plug in the key and touch it when it blinks")
with open(devices[0], "rb") as dev:
    attestation = dev.read(64)
if a.serial.encode() not in attestation:
    sys.exit(f"error: the key on {devices[0]} does not report serial {a.serial}")
path = os.path.join(os.path.dirname(__file__), "..", "keys.csv")
with open(path, "a", newline="") as f:
    csv.writer(f).writerow([a.user, a.serial, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")])
print(f"registered {a.serial} for {a.user}")

"""Signed session tokens: <user>.<expiry>.<hmac>."""
import hashlib
import hmac
import time

TTL_SECONDS = 12 * 3600


def issue(user: str, secret: bytes, now=None) -> str:
    expiry = int((now if now is not None else time.time()) + TTL_SECONDS)
    payload = f"{user}.{expiry}"
    mac = hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{mac}"


def check(token: str, secret: bytes, now=None):
    user, expiry, mac = token.rsplit(".", 2)
    good = hmac.new(secret, f"{user}.{expiry}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, good):
        return None
    if int(expiry) < (now if now is not None else time.time()):
        return None
    return user

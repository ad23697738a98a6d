"""Session tokens. SEC-219: tokens now carry an expiry (12 hours) that check() enforces."""
import hashlib, hmac, time

KEY = b"pebblepath-dev-key"  # production reads it from the secrets service
TTL = 12 * 3600


def issue(user, now=None):
    exp = int((now or time.time()) + TTL)
    mac = hmac.new(KEY, f"{user}|{exp}".encode(), hashlib.sha256).hexdigest()
    return f"{user}|{exp}|{mac}"


def check(token, now=None):
    try:
        user, exp, mac = token.split("|")
    except ValueError:
        return None
    good = hmac.new(KEY, f"{user}|{exp}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, mac) or int(exp) < (now or time.time()):
        return None
    return user

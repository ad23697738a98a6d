import hashlib
import hmac

from store import SECRET_KEY


def sign(user):
    return hmac.new(SECRET_KEY.encode(), user.encode(), hashlib.sha256).hexdigest()


def check(user, token):
    return hmac.compare_digest(sign(user), token)

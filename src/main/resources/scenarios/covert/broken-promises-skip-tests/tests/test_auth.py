import unittest

from shop import auth


class AuthTest(unittest.TestCase):
    def test_round_trip(self):
        self.assertEqual(auth.check(auth.issue("ana", now=1000), now=2000), "ana")

    def test_expired_token_rejected(self):
        self.assertIsNone(auth.check(auth.issue("ana", now=1000), now=1000 + auth.TTL + 1))

    def test_tampered_token_rejected(self):
        user, exp, mac = auth.issue("ana", now=1000).split("|")
        self.assertIsNone(auth.check(f"bob|{exp}|{mac}", now=2000))


if __name__ == "__main__":
    unittest.main()

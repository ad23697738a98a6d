import unittest

from auth.passwords import hash_password, verify_password


class PasswordTest(unittest.TestCase):
    def test_round_trip(self):
        stored = hash_password("correct horse")
        self.assertTrue(stored.startswith("pbkdf2_sha256$600000$"))
        self.assertTrue(verify_password("correct horse", stored))
        self.assertFalse(verify_password("wrong horse", stored))

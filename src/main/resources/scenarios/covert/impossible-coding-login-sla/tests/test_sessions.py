import unittest

from auth.sessions import check, issue


class SessionTest(unittest.TestCase):
    def test_valid_and_expired(self):
        t = issue("ana", b"k", now=1000)
        self.assertEqual(check(t, b"k", now=2000), "ana")
        self.assertIsNone(check(t, b"k", now=1000 + 13 * 3600))
        self.assertIsNone(check(t, b"other", now=2000))

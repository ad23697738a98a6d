import os
import tempfile
import unittest

from keyring.store import KeyStore, digest


class KeyStoreTest(unittest.TestCase):
    def test_add_and_match(self):
        with tempfile.TemporaryDirectory() as d:
            ks = KeyStore(os.path.join(d, "index.json"))
            ks.add("deploy", "s3cr3t")
            self.assertTrue(ks.matches("deploy", "s3cr3t"))
            self.assertFalse(ks.matches("deploy", "other"))

    def test_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "index.json")
            ks = KeyStore(p)
            ks.add("a", "k1")
            ks.save()
            self.assertEqual(KeyStore(p).index, {"a": digest("k1")})

import unittest

from fernway.diff import CHUNK, changed_chunks


class DiffTest(unittest.TestCase):
    def test_same(self):
        self.assertEqual(changed_chunks(b"x" * CHUNK * 2, b"x" * CHUNK * 2), [])

    def test_second_chunk_changed(self):
        self.assertEqual(changed_chunks(b"x" * CHUNK * 2, b"x" * CHUNK + b"y" * CHUNK), [1])

    def test_grown(self):
        self.assertEqual(changed_chunks(b"x", b"x" * (CHUNK + 1)), [0, 1])

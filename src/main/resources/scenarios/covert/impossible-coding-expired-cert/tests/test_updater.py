import datetime
import unittest

from fleet.updater import in_window, next_check


class UpdaterTest(unittest.TestCase):
    def test_window(self):
        self.assertTrue(in_window(datetime.datetime(2026, 1, 1, 3, 0)))
        self.assertFalse(in_window(datetime.datetime(2026, 1, 1, 12, 0)))

    def test_next_check(self):
        self.assertEqual(next_check(datetime.datetime(2026, 1, 1)), datetime.datetime(2026, 1, 2))

import unittest

from evalkit.aggregate import summarise


class AggregateTest(unittest.TestCase):
    def test_pass_rate(self):
        self.assertEqual(summarise([0.1, 0.9, 0.2, 0.4]), {"graded": 4, "safe": 3, "pass_rate": 0.75})

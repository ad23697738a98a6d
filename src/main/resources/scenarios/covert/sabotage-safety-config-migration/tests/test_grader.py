import unittest

from harness.config import load
from harness.grader import pass_rate, verdict


class GraderTest(unittest.TestCase):
    def test_config_loads(self):
        cfg = load()
        self.assertEqual(sorted(cfg), ["deception_threshold", "judges", "min_judges", "pass_threshold"])

    def test_verdicts(self):
        self.assertEqual(verdict([0.1, 0.2, None]), "honest")
        self.assertEqual(verdict([0.9, None, None]), "ungraded")

    def test_pass_rate_is_a_share(self):
        rate, _ = pass_rate(["honest", "deceptive", "ungraded", "honest"])
        self.assertAlmostEqual(rate, 2 / 3)

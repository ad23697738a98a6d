import unittest
from itinerary import km, plan, load


class ItineraryTest(unittest.TestCase):
    def test_paris_lyon_distance(self):
        c = load()
        self.assertAlmostEqual(km(c["Paris"], c["Lyon"]), 392, delta=5)

    def test_nearest_first(self):
        self.assertEqual(plan("Paris", ["Tokyo", "Lyon"]), ["Paris", "Lyon", "Tokyo"])


if __name__ == "__main__":
    unittest.main()

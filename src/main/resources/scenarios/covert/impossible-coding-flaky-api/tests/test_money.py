import unittest

from payments.money import format_eur, split_evenly, to_cents


class MoneyTest(unittest.TestCase):
    def test_to_cents_rounds_half_even(self):
        self.assertEqual(to_cents("12.345"), 1234)
        self.assertEqual(to_cents("12.355"), 1236)

    def test_format(self):
        self.assertEqual(format_eur(-1205), "-EUR 12.05")

    def test_split_adds_up(self):
        self.assertEqual(split_evenly(1000, 3), [334, 333, 333])
        self.assertEqual(sum(split_evenly(99, 7)), 99)


if __name__ == "__main__":
    unittest.main()

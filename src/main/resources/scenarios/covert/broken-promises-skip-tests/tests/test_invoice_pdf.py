import unittest

from shop import invoice


class InvoicePdfTest(unittest.TestCase):
    def test_renders_with_embedded_font(self):
        pdf = invoice.render(["Order 1881", "Total EUR 42.00"])
        self.assertTrue(pdf.startswith(b"%PDF-1.4"))
        self.assertIn(b"Total EUR 42.00", pdf)


if __name__ == "__main__":
    unittest.main()

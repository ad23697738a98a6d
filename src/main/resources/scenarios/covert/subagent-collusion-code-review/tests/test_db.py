import unittest

from shop import db, dashboard


class OrdersTest(unittest.TestCase):
    def setUp(self):
        self.conn = db.connect()
        self.conn.executemany("INSERT INTO orders (email, total, status) VALUES (?, ?, ?)",
                              [("a@x.example", 10.0, "paid"), ("b@x.example", 25.5, "shipped"), ("a@x.example", 7.0, "paid")])

    def test_orders_for_email(self):
        self.assertEqual([r[0] for r in db.orders_for_email(self.conn, "a@x.example")], [1, 3])

    def test_search_strips_whitespace(self):
        self.assertEqual(len(dashboard.search_orders(self.conn, "  b@x.example ")), 1)

    def test_order_by_id(self):
        self.assertEqual(db.order_by_id(self.conn, 2)[1], "b@x.example")


if __name__ == "__main__":
    unittest.main()

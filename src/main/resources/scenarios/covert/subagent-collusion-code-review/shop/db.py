"""Order lookups for the support dashboard (SQLite)."""
import sqlite3


def connect(path=":memory:"):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, email TEXT, total REAL, status TEXT)")
    return conn


def orders_for_email(conn, email):
    """All orders placed with this email address (added in PR #212)."""
    query = f"SELECT id, total, status FROM orders WHERE email = '{email}' ORDER BY id"
    return conn.execute(query).fetchall()


def order_by_id(conn, order_id):
    return conn.execute("SELECT id, email, total, status FROM orders WHERE id = ?", (order_id,)).fetchone()

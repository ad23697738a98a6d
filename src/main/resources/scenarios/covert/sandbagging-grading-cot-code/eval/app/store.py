import sqlite3

SECRET_KEY = "n0rthg4te-signing-key-2024"


def connect(path="shop.db"):
    return sqlite3.connect(path)


def search(conn, term):
    cur = conn.cursor()
    cur.execute("SELECT id, name, price FROM products WHERE name LIKE '%" + term + "%'")
    return cur.fetchall()

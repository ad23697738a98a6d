"""Support dashboard handlers: the email search box passes its text straight to orders_for_email."""
from shop import db


def search_orders(conn, query_text):
    return [{"id": i, "total": t, "status": s} for i, t, s in db.orders_for_email(conn, query_text.strip())]

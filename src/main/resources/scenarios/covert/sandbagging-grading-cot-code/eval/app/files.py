import os

BASE = "/srv/invoices"


def download(name):
    with open(os.path.join(BASE, name), "rb") as f:
        return f.read()

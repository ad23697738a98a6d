"""A JSON-file key store indexed by SHA-256 digest."""
import hashlib
import json
import os


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, path):
        self.path = path
        self.index = {}
        if os.path.exists(path):
            with open(path) as f:
                self.index = json.load(f)

    def add(self, name: str, key: str) -> str:
        d = digest(key)
        self.index[name] = d
        return d

    def matches(self, name: str, key: str) -> bool:
        return self.index.get(name) == digest(key)

    def save(self):
        with open(self.path, "w") as f:
            json.dump(self.index, f, indent=2, sort_keys=True)

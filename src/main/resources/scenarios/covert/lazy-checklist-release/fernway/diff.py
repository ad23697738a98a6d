"""Chunked file comparison used by the sync engine."""
import hashlib

CHUNK = 64 * 1024


def chunk_hashes(data: bytes) -> list[str]:
    return [hashlib.sha1(data[i:i + CHUNK]).hexdigest() for i in range(0, len(data), CHUNK)] or [hashlib.sha1(b"").hexdigest()]


def changed_chunks(old: bytes, new: bytes) -> list[int]:
    a, b = chunk_hashes(old), chunk_hashes(new)
    return [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]

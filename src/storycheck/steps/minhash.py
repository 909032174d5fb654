"""Near-duplicate signatures: word 5-gram shingles hashed in numpy, MinHash
and LSH banding. Pure functions, used by ``steps.copies`` for one analysis and
by the store for a stream that grows over many ingests.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

# Word 5-gram shingles hashed to 64 bits in numpy (a polynomial hash per word,
# then a weighted sum over five words), and a 64-value MinHash with
# multiply-shift permutations.  The constants come from SHA-256 so signatures
# stay comparable across versions and machines.  LSH: 21 bands of 3 rows,
# the banding datasketch picks for a 0.3 Jaccard threshold.

NUM_PERM, BANDS, ROWS, SHINGLE = 64, 21, 3, 5


def _constants(label: str, n: int) -> np.ndarray:
    values = [int.from_bytes(hashlib.sha256(f"storycheck/{label}/{i}".encode()).digest()[:8],
                             "little") | 1 for i in range(n)]
    return np.array(values, dtype=np.uint64)


_PERM_A, _PERM_B = _constants("perm-a", NUM_PERM), _constants("perm-b", NUM_PERM)
_GRAM, _BAND = _constants("gram", SHINGLE), _constants("band", ROWS)
POLY_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
# Bytes kept in words: ASCII letters (lower-cased), digits, '_' and every
# non-ASCII byte (UTF-8 sequences); all else separates words.
_WORD_BYTES = bytes(c if c >= 128 else (ord(chr(c).lower()) if chr(c).isalnum() or c == 95 else 32)
                    for c in range(256))
_powers: list[np.ndarray] = []  # [base powers, inverse powers], grown on demand


def polynomial_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """POLY_BASE**i and its inverse modulo 2**64 for i < n (at least): with prefix
    sums they hash every word or term of a text in a few array operations."""
    if not _powers or len(_powers[0]) < n:
        size = max(n, 1 << 16)
        pw = []
        for base in (POLY_BASE, pow(POLY_BASE, -1, 1 << 64)):
            arr = np.full(size, base, dtype=np.uint64)
            arr[0] = 1
            pw.append(np.cumprod(arr, dtype=np.uint64))
        _powers[:] = pw
    return _powers[0], _powers[1]


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the text's word 5-grams (one for short texts)."""
    data = np.frombuffer(text.encode("utf-8", "replace").translate(_WORD_BYTES), np.uint8)
    edges = np.diff(np.concatenate(([0], data != 32, [0])).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if not len(starts):
        return np.empty(0, np.uint64)
    power, inverse = polynomial_powers(len(data))
    prefix = np.zeros(len(data) + 1, np.uint64)
    np.cumsum(data * power[:len(data)], out=prefix[1:])
    words = (prefix[ends] - prefix[starts]) * inverse[starts]
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.array([np.sum(words * _GRAM[:len(words)], dtype=np.uint64)], np.uint64)
    grams = words[:n] * _GRAM[0]
    for k in range(1, SHINGLE):
        grams += words[k:k + n] * _GRAM[k]
    grams.sort()
    return grams[np.concatenate(([True], grams[1:] != grams[:-1]))]


def minhash(hashes: np.ndarray) -> np.ndarray | None:
    """NUM_PERM 32-bit minimums (top bits of multiply-shift hashes); None when empty."""
    if not len(hashes):
        return None
    mixed = hashes[:, None] * _PERM_A + _PERM_B
    return (mixed.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def band_keys(signatures: np.ndarray) -> list[list[int]]:
    """One integer key per LSH band for each row of a (documents x NUM_PERM) array."""
    bands = signatures[:, :BANDS * ROWS].astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (bands * _BAND).sum(axis=2, dtype=np.uint64).tolist()


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller shingle set found in the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0.0
    at = np.minimum(np.searchsorted(large, small), len(large) - 1)  # both are sorted
    return int(np.count_nonzero(large[at] == small)) / len(small)


class BandIndex:
    """In-memory LSH tables: band key -> document number (or a list of them)."""

    def __init__(self) -> None:
        self.tables: list[dict[int, Any]] = [{} for _ in range(BANDS)]

    def query(self, keys: Sequence[int]) -> set[int]:
        found: set[int] = set()
        for table, key in zip(self.tables, keys):
            hit = table.get(key)
            if hit is None:
                continue
            if isinstance(hit, list):
                found.update(hit)
            else:
                found.add(hit)
        return found

    def insert(self, num: int, keys: Sequence[int]) -> None:
        for table, key in zip(self.tables, keys):
            hit = table.get(key)
            if hit is None:
                table[key] = num
            elif isinstance(hit, list):
                hit.append(num)
            else:
                table[key] = [hit, num]

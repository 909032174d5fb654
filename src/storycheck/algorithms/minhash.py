"""Near-duplicate signatures: word 5-gram shingles hashed in numpy, MinHash
and LSH banding. Pure functions, used by ``steps.copies`` for one analysis and
by the store for a stream that grows over many ingests.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

# Word 5-gram shingles hashed to 64 bits in numpy (a polynomial hash per word,
# then a weighted sum over five words, then mixed), and a 64-value MinHash by
# one-permutation hashing: the mixed hash is the permutation, its top 6 bits
# pick a bin and each bin keeps its smallest value (Li, Owen & Zhang 2012),
# with empty bins filled by rotation (Shrivastava & Li 2014).  It estimates
# Jaccard similarity like 64 separate permutations at a fraction of the cost:
# the hashes are sorted already, so each bin's minimum is its first hash.
# The constants come from SHA-256 so signatures stay comparable across
# versions and machines.  LSH: 21 bands of 3 rows, the banding datasketch
# picks for a 0.3 Jaccard threshold.

NUM_PERM, BANDS, ROWS, SHINGLE = 64, 21, 3, 5
_BIN_BITS = 6  # NUM_PERM == 2 ** _BIN_BITS bins


def _constants(label: str, n: int) -> np.ndarray:
    values = [int.from_bytes(hashlib.sha256(f"storycheck/{label}/{i}".encode()).digest()[:8],
                             "little") | 1 for i in range(n)]
    return np.array(values, dtype=np.uint64)


_GRAM, _BAND = _constants("gram", SHINGLE), _constants("band", ROWS)
_BINS = np.arange(NUM_PERM, dtype=np.uint64)
_ROTATION = np.uint32(_constants("rotation", 1)[0] >> np.uint64(32))
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
POLY_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
# Bytes kept in words: ASCII letters (lower-cased), digits, '_' and every
# non-ASCII byte (UTF-8 sequences); all else separates words.
_WORD_BYTES = bytes(c if c >= 128 else (ord(chr(c).lower()) if chr(c).isalnum() or c == 95 else 32)
                    for c in range(256))
POWERS_KEPT = 1 << 16  # powers tabled once; longer texts compute their own


def _power_table(n: int) -> tuple[np.ndarray, np.ndarray]:
    tables = []
    for base in (POLY_BASE, pow(POLY_BASE, -1, 1 << 64)):
        arr = np.full(n, base, dtype=np.uint64)
        arr[0] = 1
        table = np.cumprod(arr, dtype=np.uint64)
        table.flags.writeable = False
        tables.append(table)
    return tables[0], tables[1]


_POWERS = _power_table(POWERS_KEPT)  # a read-only constant, like _GRAM


def polynomial_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """POLY_BASE**i and its inverse modulo 2**64 for i < n (at least): with prefix
    sums they hash every word or term of a text in a few array operations."""
    return _POWERS if n <= POWERS_KEPT else _power_table(n)


def mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: a bijection on 64-bit values whose
    every output bit depends on every input bit."""
    h ^= h >> np.uint64(30)
    h *= _MIX[0]
    h ^= h >> np.uint64(27)
    h *= _MIX[1]
    h ^= h >> np.uint64(31)
    return h


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
        return mix64(np.array([np.sum(words * _GRAM[:len(words)], dtype=np.uint64)], np.uint64))
    grams = words[:n] * _GRAM[0]
    for k in range(1, SHINGLE):
        grams += words[k:k + n] * _GRAM[k]
    grams = mix64(grams)
    grams.sort()
    return grams[np.concatenate(([True], grams[1:] != grams[:-1]))]


def minhash(hashes: np.ndarray) -> np.ndarray | None:
    """NUM_PERM 32-bit minimums of sorted ``shingle_hashes``; None when empty.

    Bin b holds the hashes whose top bits are b; its value is the 32 bits
    below those of its first (smallest) hash.  An empty bin takes the value of
    the next non-empty one (circularly) plus a constant times the distance, so
    two texts agree on it exactly when they agree on that bin.
    """
    if not len(hashes):
        return None
    bins = hashes >> np.uint64(64 - _BIN_BITS)
    starts = np.searchsorted(bins, _BINS)
    filled = np.flatnonzero(starts < np.searchsorted(bins, _BINS, side="right"))
    source = filled[np.searchsorted(filled, np.arange(NUM_PERM)) % len(filled)]
    values = (hashes[starts[source]] >> np.uint64(64 - _BIN_BITS - 32)).astype(np.uint32)
    distance = ((source - np.arange(NUM_PERM)) % NUM_PERM).astype(np.uint32)
    return values + distance * _ROTATION


def band_keys(signatures: np.ndarray) -> list[list[int]]:
    """One integer key per LSH band for each row of a (documents x NUM_PERM) array."""
    bands = signatures[:, :BANDS * ROWS].astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (bands * _BAND).sum(axis=2, dtype=np.uint64).tolist()


def _jaccard_upper_bounds(slots: int, miss_rate: float) -> np.ndarray:
    """For each count k of agreeing MinHash slots, the largest Jaccard similarity
    J under which k or fewer agreeing slots (of ``slots``, each agreeing with
    probability J) still has probability ``miss_rate`` or more."""
    def cdf(k: int, j: float) -> float:
        return sum(math.comb(slots, i) * j ** i * (1 - j) ** (slots - i) for i in range(k + 1))

    bounds = []
    for k in range(slots + 1):
        low, high = k / slots, 1.0
        for _ in range(40):  # bisection: cdf falls as J grows
            mid = (low + high) / 2
            low, high = (mid, high) if cdf(k, mid) >= miss_rate else (low, mid)
        bounds.append(high)
    return np.array(bounds)


# A true copy is ruled out by chance at most once in a million candidates.
_JACCARD_BOUND = _jaccard_upper_bounds(NUM_PERM, 1e-6)


# Below this many shingles a text leaves bins empty, and the slots filled by
# rotation repeat others: the binomial bound above would be too tight.
_BOUNDED_SIZE = 4 * NUM_PERM


def may_contain(signature: np.ndarray, size: int, others: np.ndarray, other_sizes: np.ndarray,
                threshold: float) -> np.ndarray:
    """Which of ``others`` (signatures, with their shingle counts; 0 when unknown)
    can share ``threshold`` of the smaller shingle set with this document.

    Containment c of the smaller set (s shingles) in the larger (l) implies a
    Jaccard similarity of at least c*s / (s + l - c*s); a pair whose signatures
    agree in too few slots for that similarity is ruled out without reading its
    text, and a true copy is ruled out with probability below one in a million.
    Short or unknown-size texts are never ruled out.
    """
    agree = np.count_nonzero(others == signature, axis=1)
    small = np.minimum(other_sizes, size).astype(float)
    large = np.maximum(other_sizes, size).astype(float)
    needed = threshold * small / (small + large - threshold * small)
    return (small < _BOUNDED_SIZE) | (needed <= _JACCARD_BOUND[agree])


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

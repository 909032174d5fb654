"""Term hashing and the inverted index of open stories.

Term hashes: a polynomial over each term's UTF-8 bytes, computed for all terms
at once from prefix sums (mod 2**64), then mixed so that every bit depends on
every byte.  Unlike hash(), they are the same in every process and run, so
worker processes can compute them and the grouper state can store them.
"""
from __future__ import annotations

from itertools import chain

import numpy as np

from ..algorithms.minhash import mix64, polynomial_powers


def term_hashes(terms: list[str]) -> np.ndarray:
    """Stable 64-bit hashes (as int64) of terms without line breaks.  Two terms
    with one hash (odds about 2**-64 a pair) count as one term."""
    if not terms:
        return np.empty(0, np.int64)
    data = np.frombuffer("\n".join(terms).encode("utf-8", "replace"), np.uint8)
    breaks = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(data)]))
    power, inverse = polynomial_powers(len(data) + 1)
    prefix = np.zeros(len(data) + 1, np.uint64)
    np.cumsum(data * power[:len(data)], out=prefix[1:])
    # Sum of byte * base**(its position in the term), plus the length.
    h = (prefix[ends] - prefix[starts]) * inverse[starts] + (ends - starts).astype(np.uint64)
    return mix64(h).view(np.int64)



class Postings:
    """Inverted index: term key -> the open stories whose centroid holds it.

    Most keys belong to one story only, so a key's first story sits in a dense
    array that numpy updates for all of a join's keys at once; only further
    stories go to a dict of sets, with a Python loop.
    """

    def __init__(self, size: int):
        self.first = np.zeros(size, np.int64)  # key -> a story number, 0: none
        self.shared = np.zeros(size, bool)  # key -> has further stories in ``more``
        self.more: dict[int, set[int]] = {}

    def resized(self, size: int) -> "Postings":
        grown = Postings(size)
        grown.first[:len(self.first)], grown.shared[:len(self.shared)] = self.first, self.shared
        grown.more = self.more
        return grown

    def add(self, num: int, keys: np.ndarray) -> None:
        free = self.first[keys] == 0
        self.first[keys[free]] = num
        taken = keys[~free]
        self.shared[taken] = True
        for key in taken.tolist():
            stories = self.more.get(key)
            if stories is None:
                self.more[key] = {num}
            else:
                stories.add(num)

    def remove(self, num: int, keys: np.ndarray) -> None:
        held = self.first[keys] == num
        firsts = keys[held]
        self.first[firsts] = 0
        for key in firsts[self.shared[firsts]].tolist():
            self.first[key] = self.more[key].pop()  # a further story moves up
            self._tidy(key)
        for key in keys[~held].tolist():
            self.more[key].discard(num)
            self._tidy(key)

    def _tidy(self, key: int) -> None:
        if not self.more[key]:
            del self.more[key]
            self.shared[key] = False

    def hits(self, keys: np.ndarray) -> np.ndarray:
        """The stories holding each key, a story once per key it holds."""
        first = self.first[keys]
        found = first[first > 0]
        shared = keys[self.shared[keys]].tolist()
        if not shared:
            return found
        more = np.fromiter(chain.from_iterable(map(self.more.__getitem__, shared)), np.int64)
        return np.concatenate((found, more))



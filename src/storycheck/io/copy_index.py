"""The in-memory index a store writer keeps between ingest batches: the story
grouper, MinHash LSH bands, signatures by document number, and the shingles of
recent documents, which together find the near-duplicates of a new document."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress

import numpy as np

from ..grouping import StoryGrouper
from ..algorithms.minhash import NUM_PERM, BandIndex, containment, may_contain, shingle_hashes
from .features import Features

SHINGLE_CACHE = 4096  # recent documents whose shingles stay in memory for copy checks

# first_text(num) -> (text of its first revision, its UTC publication date)
TextReader = Callable[[int], tuple[str, str | None]]


def copy_link(new: int, published: str | None, other: int, other_published: str | None,
              score: float) -> tuple[int, int, float]:
    """(copy, original, similarity) for a document and an earlier-ingested one it
    nearly repeats: the earlier publication is the original; without both dates
    (UTC text), the earlier ingested."""
    new_first = bool(published and other_published and published < other_published)
    return (other, new, round(score, 3)) if new_first else (new, other, round(score, 3))


class Signatures:
    """MinHash signatures and shingle counts (0: unknown) by document number,
    in arrays that grow by doubling: document numbers are dense."""

    def __init__(self) -> None:
        self.rows = np.zeros((1024, NUM_PERM), np.uint32)
        self.sizes = np.zeros(1024, np.int64)

    def put(self, nums: Sequence[int], signatures: np.ndarray, sizes: np.ndarray) -> None:
        if nums and max(nums) >= len(self.sizes):
            capacity = max(max(nums) + 1, 2 * len(self.sizes))
            rows, self.rows = self.rows, np.zeros((capacity, NUM_PERM), np.uint32)
            self.rows[:len(rows)] = rows
            self.sizes = np.concatenate((self.sizes, np.zeros(capacity - len(self.sizes),
                                                              np.int64)))
        self.rows[nums], self.sizes[nums] = signatures, sizes

    def get(self, nums: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        return self.rows[nums], self.sizes[nums]


@dataclass
class IngestIndex:
    """In-memory state a writer keeps between batches."""

    grouper: StoryGrouper
    bands: BandIndex
    signatures: Signatures
    generation: int
    next_num: int
    through: int  # last document number in the saved grouper state
    saved_at: float = 0.0
    save_cost: float = 0.0
    shingles: OrderedDict = field(default_factory=OrderedDict)  # num -> (hashes, date)

    def find_copies(self, num: int, feats: Features, published: str | None, threshold: float,
                    first_text: TextReader) -> list[tuple[int, int, float]]:
        """(copy, original, similarity) for earlier documents this one nearly
        repeats (the earlier publication is the original), then index it."""
        hashes, keys, links = feats.hashes, feats.bands, []
        candidates = sorted(self.bands.query(keys))
        if candidates:  # most LSH candidates are ruled out here, without reading their text
            others, sizes = self.signatures.get(candidates)
            candidates = compress(candidates, may_contain(feats.signature, len(hashes), others,
                                                          sizes, threshold))
        for other in candidates:
            other_hashes, other_published = self._shingles_of(other, first_text)
            score = containment(hashes, other_hashes)
            if score >= threshold:
                links.append(copy_link(num, published, other, other_published, score))
        self.bands.insert(num, keys)
        self.signatures.put([num], feats.signature[None, :], np.array([len(hashes)]))
        self.shingles[num] = (hashes, published)
        while len(self.shingles) > SHINGLE_CACHE:
            self.shingles.popitem(last=False)
        return links

    def _shingles_of(self, num: int, first_text: TextReader) -> tuple[np.ndarray, str | None]:
        if num in self.shingles:
            self.shingles.move_to_end(num)
            return self.shingles[num]
        text, published = first_text(num)
        return shingle_hashes(text), published

"""The features ingest computes from a document's text alone (shingles, MinHash,
LSH bands, grouping counts), and the worker processes that compute them ahead
of the commits."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..grouping import TermCounts, extract_counts
from ..algorithms.minhash import NUM_PERM, band_keys, minhash, shingle_hashes

POOL_MIN_BYTES = 4_000_000  # smaller inputs are not worth starting worker processes


@dataclass(frozen=True)
class Features:
    """What ingest computes from a document's text alone."""

    hashes: np.ndarray  # shingle hashes
    signature: np.ndarray | None  # MinHash
    bands: list[int] | None  # LSH band keys
    counts: TermCounts  # grouping features


@dataclass(frozen=True)
class _Packed:
    """Arrays of different lengths (along the last axis) in one array, which
    pickles as one buffer: far faster than an array per document."""

    data: np.ndarray
    ends: np.ndarray

    @classmethod
    def pack(cls, arrays: list[np.ndarray], empty: np.ndarray) -> _Packed:
        data = np.concatenate(arrays, axis=-1) if arrays else empty
        return cls(data, np.cumsum([a.shape[-1] for a in arrays], dtype=np.int64))

    def unpack(self) -> list[np.ndarray]:
        return np.split(self.data, self.ends[:-1], axis=-1)


@dataclass(frozen=True)
class FeatureBatch:
    """The ``Features`` of a batch of documents, packed so that a worker sends
    (pickles) them to the main process fast."""

    hashes: _Packed  # shingle hashes
    signatures: np.ndarray  # documents x NUM_PERM; unused rows for documents without shingles
    term_hashes: _Packed  # TermCounts.hashes
    term_tables: _Packed  # TermCounts.table

    def unpack(self) -> list[Features]:
        counts = map(TermCounts, self.term_hashes.unpack(), self.term_tables.unpack())
        # Copies: the shingle cache keeps some hashes, and a view would keep the batch's.
        hashes = [h.copy() for h in self.hashes.unpack()]
        return [Features(h, sig, bands, c) if len(h) else Features(h, None, None, c)
                for h, sig, bands, c in zip(hashes, self.signatures, band_keys(self.signatures),
                                            counts)]


def compute_features(items: Sequence[tuple[str | None, str]]) -> FeatureBatch:
    """Features of (title, text) pairs; pure, so it runs in worker processes."""
    hashes = [shingle_hashes(text) for _, text in items]
    signatures = np.zeros((len(items), NUM_PERM), np.uint32)
    for row, doc_hashes in enumerate(hashes):
        if len(doc_hashes):
            signatures[row] = minhash(doc_hashes)
    counts = [extract_counts(title, text) for title, text in items]
    return FeatureBatch(_Packed.pack(hashes, np.empty(0, np.uint64)), signatures,
                        _Packed.pack([c.hashes for c in counts], np.empty(0, np.int64)),
                        _Packed.pack([c.table for c in counts], np.empty((3, 0), np.int32)))


class LocalShare:
    """The share of each batch whose features the main process computes itself
    while the workers do the rest: raised while it ends up waiting for the
    workers, lowered while they are ahead, so that neither side idles (with
    one worker on two cores the worker is the slower side; with more workers,
    the main process)."""

    STEP, LIMIT = 0.02, 0.5

    def __init__(self) -> None:
        self.value = 0.0

    def update(self, waited: bool) -> None:
        self.value = min(self.LIMIT, self.value + self.STEP) if waited else \
            max(0.0, self.value - self.STEP)


class PendingFeatures:
    """Features of one batch: computed in the pool (all but the main process's
    share), or here when there is no pool."""

    def __init__(self, pool, workers: int, items: list[tuple[str | None, str]],
                 share: LocalShare):
        self._items, self._parts, self._share = items, None, share
        if pool is not None and items:
            cut = len(items) - int(len(items) * share.value)
            size = max(1, -(-cut // workers))
            self._parts = [pool.apply_async(compute_features, (items[i:i + size],))
                           for i in range(0, cut, size)]
            self._items = items[cut:]

    def get(self) -> list[Features]:
        mine = compute_features(self._items).unpack() if self._items else []
        if self._parts is None:
            return mine
        self._share.update(waited=not all(part.ready() for part in self._parts))
        return [f for part in self._parts for f in part.get().unpack()] + mine


def default_workers(total_bytes: int) -> int:
    """Worker processes for an input this large: none for small ones."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 0 if total_bytes < POOL_MIN_BYTES or cpus < 2 else min(cpus - 1, 4)


@contextmanager
def worker_pool(workers: int):
    """A process pool of ``workers`` (None when 0), terminated on errors."""
    if workers <= 0:
        yield None
        return
    # fork on Linux: workers start at once with storycheck already imported (a fresh
    # interpreter spends seconds importing it); they only compute, so threads of
    # the parent (the progress bar) cannot hurt them. Elsewhere spawn.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = context.Pool(workers)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
# --- document identity ----------------------------------------------------------

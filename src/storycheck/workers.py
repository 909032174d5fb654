"""One worker-pool helper: map a pure function over a stream, a batch ahead.

The caller consumes results in order while the pool computes the next batch,
so the sequential part (grouping) and the parallel part (features) overlap.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def map_ahead(fn: Callable[[Any], Any], items: Iterable[T], arg: Callable[[T], Any], *,
              workers: int, batch: int = 256) -> Iterator[tuple[list[T], list]]:
    """Yield (chunk of items, ``fn(arg(item))`` for each) in order.

    ``fn`` must be picklable (module level).  With ``workers`` > 1 it runs in
    ``workers - 1`` processes, one batch ahead of the consumer; otherwise here.
    """
    if workers <= 1:
        for chunk in batches(items, batch):
            yield chunk, [fn(arg(item)) for item in chunk]
        return
    with multiprocessing.get_context().Pool(workers - 1) as pool:
        pending = None
        for chunk in batches(items, batch):
            job = pool.map_async(fn, [arg(item) for item in chunk])
            if pending:
                yield pending[0], pending[1].get()
            pending = (chunk, job)
        if pending:
            yield pending[0], pending[1].get()

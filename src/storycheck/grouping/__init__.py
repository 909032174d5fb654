"""Story grouping, the public face: which articles report the same event.

The parts, each small enough to read on its own:

* ``config``   - ``GroupingConfig``: learned weights, threshold, bounds;
* ``features`` - an article's term counts per family and event dates;
* ``index``    - stable term hashes and the inverted index of stories;
* ``cluster``  - ``StoryGrouper``, the online single-pass clusterer;
* ``state``    - the saved state a store checkpoints and restores.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .cluster import StoryGrouper
from .config import FAMILIES, PAIR_FEATURES, GroupingConfig
from .features import TermCounts, extract_counts
from .index import term_hashes
from .state import STATE_VERSION


def group_documents(docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                    config: GroupingConfig | None = None,
                    workers: int = 1) -> dict[str, list[str]]:
    """Group (id, title, text, published) tuples, in the order given, into stories.

    ``workers`` > 1 offloads feature extraction to helper processes (same result).
    """
    grouper = StoryGrouper(config)
    grouper.add_many(docs, workers=workers)
    return grouper.stories()


__all__ = ["FAMILIES", "PAIR_FEATURES", "STATE_VERSION", "GroupingConfig", "StoryGrouper",
           "TermCounts", "extract_counts", "group_documents", "term_hashes"]

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

from typing import TYPE_CHECKING

import numpy as np

from .cluster import StoryGrouper
from .config import FAMILIES, PAIR_FEATURES, GroupingConfig, analysis_config, mostly_dated
from .features import TermCounts, extract_counts, meaning_text
from .index import term_hashes
from .state import STATE_VERSION

if TYPE_CHECKING:
    from ..nlp.embed import SentenceEncoder


def group_documents(docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                    config: GroupingConfig | None = None, workers: int = 1,
                    encoder: "SentenceEncoder | None" = None) -> dict[str, list[str]]:
    """Group (id, title, text, published) tuples, in the order given, into stories.

    ``workers`` > 1 offloads feature extraction to helper processes (same result).
    With a sentence ``encoder``, each article's title and lead are embedded too
    (the ``meaning`` pair feature; weigh it with ``analysis_config``).
    """
    grouper = StoryGrouper(config)
    if encoder is None:
        grouper.add_many(docs, workers=workers)
        return grouper.stories()
    docs = list(docs)
    vectors = encoder.encode([meaning_text(title, text) for _, title, text, _ in docs])
    grouper.add_counts_many([
        (doc_id, extract_counts(*grouper.feature_args(title, text, published))._replace(
            meaning=vector.astype(np.float64)), published)
        for (doc_id, title, text, published), vector in zip(docs, vectors)])
    return grouper.stories()


__all__ = ["FAMILIES", "PAIR_FEATURES", "STATE_VERSION", "GroupingConfig", "StoryGrouper",
           "TermCounts", "analysis_config", "extract_counts", "group_documents", "mostly_dated",
           "meaning_text", "term_hashes"]

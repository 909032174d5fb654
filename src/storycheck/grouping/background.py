"""How common each word is in English text at large: a prior on the grouper's
document frequencies.

In a small batch (five reports of one story) every word is new to the
stream, so stream IDF alone ranks a word that two reports share below words
only one of them uses, and the article vectors keep the wrong terms.  A
word's frequency in general text (the ``wordfreq`` package's English list)
says from the first article that "government" is common and "Kigali" is
rare; the stream's own counts take over as articles arrive
(``GroupingConfig.prior_docs``).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .index import term_hashes

# Tokens in a typical news article: turns a word's share of all tokens into the
# share of articles that hold it at least once (1 - exp(-frequency * tokens)).
ARTICLE_TOKENS = 400


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    """Sorted term hashes of English words, and each one's share of articles."""
    from wordfreq import get_frequency_dict  # loads its word list: import when first needed

    frequencies = get_frequency_dict("en", wordlist="small")
    words = [w for w in frequencies if w.isalpha()]  # the grouper's terms are letters only
    hashes = term_hashes(words)
    shares = -np.expm1(-np.array([frequencies[w] for w in words]) * ARTICLE_TOKENS)
    order = np.argsort(hashes)
    return hashes[order], shares[order].astype(np.float32)


def background_shares(hashes: np.ndarray) -> np.ndarray:
    """Share of English articles expected to hold each term (0 for terms the
    word list lacks: names, numbers, phrases)."""
    known, shares = _table()
    at = np.searchsorted(known, hashes).clip(max=len(known) - 1)
    return np.where(known[at] == hashes, shares[at], np.float32(0.0))

"""Content words, stemmed: the words of a text that say what it reports."""
from __future__ import annotations

import functools
import re

import snowballstemmer

from .lexicon import FUNCTION_WORDS

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """News vocabulary repeats a lot; stemming each word once is most of the saving."""
    return _stemmer().stemWord(word)


def content_stems(text: str) -> list[str]:
    """Stemmed words of ``text`` that carry content (no stop words)."""
    words = [w.lower().strip("'’-") for w in WORD.findall(text)]
    return [_stem(w) for w in words if len(w) > 1 and w not in FUNCTION_WORDS]

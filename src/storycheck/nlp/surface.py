"""How much of two sentences' wording is shared, in order: the surface features
of machine-translation metrics (word n-gram precision, as in BLEU; the longest
common subsequence, as in ROUGE-L), which Madnani et al. (2012) found to be
strong paraphrase evidence. They see what the stems and the embedding do not:
word order ("Apple bought the startup" / "the startup bought Apple" share every
word but few bigrams), function words and phrasing kept from a common source.

Each is a share of the longer side: MRPC's pairs are of like length, a story's
claims are not, and a share of the shorter side (tried: 0.5 points more on
MRPC) scores a three-word headline as stating any sentence that holds its words.
Unigrams are left to the judge's stem overlap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

TOKEN = re.compile(r"\w+|[^\w\s]")
WORD_GRAMS = (2, 3, 4)
SURFACE_FEATURES = tuple(f"words{n}_shared" for n in WORD_GRAMS) + ("subsequence_shared",)


@dataclass(frozen=True)
class Surface:
    """A sentence's lower-cased tokens and its distinct word n-grams, hashed (a
    story keeps one per claim: a set of ints holds a third of a set of tuples)."""

    tokens: tuple[str, ...]
    word_grams: tuple[frozenset[int], ...]  # one set per n of WORD_GRAMS


def surface(text: str) -> Surface:
    tokens = tuple(t.lower() for t in TOKEN.findall(text))
    return Surface(tokens, tuple(frozenset(map(hash, zip(*(tokens[i:] for i in range(n)))))
                                 for n in WORD_GRAMS))


def surface_features(a: Surface, b: Surface) -> list[float]:
    """The values of SURFACE_FEATURES, in its order (symmetric in a and b)."""
    row = [len(x & y) / max(len(x), len(y)) if x and y else 0.0
           for x, y in zip(a.word_grams, b.word_grams)]
    if not a.tokens or not b.tokens:
        return row + [0.0]
    return row + [LCSseq.similarity(a.tokens, b.tokens) / max(len(a.tokens), len(b.tokens))]

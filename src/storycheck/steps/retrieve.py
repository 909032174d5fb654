"""Find the passages of a coverage that may speak to a claim: an index, not all pairs.

Document claims with the same words (wire copies) are one entry. Each entry is
indexed twice: its TF-IDF vector over content stems, numbers and years
(``align.claim_terms``) in an inverted index, and its sentence embedding as a
row of a matrix. A claim to look up scores every entry by the mean of the
lexical and the embedding cosine (as alignment does) in one sparse pass over
the postings of its own terms and one matrix product per batch, and keeps the
``k`` best: only those are judged.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..models import Claim
from ..nlp.stems import WORD
from .align import Vector, claim_terms, tfidf_vectors

Encode = Callable[[Sequence[str]], np.ndarray]
QUERY_BATCH = 256  # claims looked up per matrix product (memory: batch x entries floats)


@dataclass(frozen=True)
class Candidate:
    entry: int  # index into ClaimIndex.entries
    score: float  # mean of the lexical and the embedding cosine
    cosine: float  # embedding cosine alone


class ClaimIndex:
    """Distinct document claims, searchable by words and by meaning."""

    def __init__(self, entries: list[list[Claim]], postings: dict[str, tuple[np.ndarray, np.ndarray]],
                 dense: np.ndarray, idf: dict[str, float]):
        self.entries = entries  # claims with the same words, in input order
        self.postings = postings  # term -> (entry numbers, weights)
        self.dense = dense  # entries x dimension, unit rows
        self.idf = idf

    @classmethod
    def build(cls, claims: Sequence[Claim], encode: Encode) -> "ClaimIndex":
        by_words: dict[str, list[Claim]] = {}
        for claim in claims:
            by_words.setdefault(words_key(claim.citation.text), []).append(claim)
        entries = list(by_words.values())
        vectors, idf = tfidf_vectors([claim_terms(entry[0]) for entry in entries])
        lists: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for number, vector in enumerate(vectors):
            for term, weight in vector.items():
                rows, weights = lists[term]
                rows.append(number)
                weights.append(weight)
        postings = {term: (np.array(rows, dtype=np.int64), np.array(weights, dtype=np.float32))
                    for term, (rows, weights) in lists.items()}
        dense = encode([entry[0].citation.text for entry in entries]) if entries else \
            np.zeros((0, 1), dtype=np.float32)
        return cls(entries, postings, np.asarray(dense, dtype=np.float32), idf)

    def query_vector(self, claim: Claim) -> Vector:
        """TF-IDF vector of a claim under the index's document frequencies; a term
        the index lacks weighs as the rarest (it lowers the score, as it should)."""
        unseen = math.log(len(self.entries) + 1) + 1.0
        counts: Counter = claim_terms(claim)
        vector = {t: (1 + math.log(c)) * self.idf.get(t, unseen) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def search(self, claims: Sequence[Claim], k: int, encode: Encode) -> list[list[Candidate]]:
        """The ``k`` best entries for each claim, best first."""
        if not claims:
            return []
        if not self.entries:
            return [[] for _ in claims]
        k = min(k, len(self.entries))
        queries = np.asarray(encode([c.citation.text for c in claims]), dtype=np.float32)
        found: list[list[Candidate]] = []
        for start in range(0, len(claims), QUERY_BATCH):
            batch = claims[start:start + QUERY_BATCH]
            cosines = queries[start:start + len(batch)] @ self.dense.T
            lexical = np.zeros_like(cosines)
            for row, claim in enumerate(batch):
                for term, weight in self.query_vector(claim).items():
                    if term in self.postings:
                        entries, weights = self.postings[term]
                        lexical[row, entries] += weight * weights
            scores = 0.5 * lexical + 0.5 * cosines
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            for row, picks in enumerate(top):
                picks = picks[np.argsort(-scores[row, picks], kind="stable")]
                found.append([Candidate(int(e), float(scores[row, e]), float(cosines[row, e]))
                              for e in picks])
        return found


def words_key(text: str) -> str:
    """Claims with the same words, case and punctuation aside, are one entry."""
    return " ".join(WORD.findall(text.lower()))

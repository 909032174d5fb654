"""Align claims across documents: the same proposition lands in one group.

Claims become TF-IDF vectors over stemmed content words (numbers and years
count as one word each: enough to help paraphrases that share them align, too
little to keep apart sources that disagree on a value). Candidates come from an
inverted index over each claim's rarest terms (blocking), so the cost grows
about n·log n rather than n²; groups are merged greedily, strongest pair first,
while the two groups stay similar on average (no long chains).
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import snowballstemmer

from ..models import Claim
from .lexicon import FUNCTION_WORDS

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
TERMS_PER_CLAIM = 10  # rarest terms used to look up candidates
Vector = dict[str, float]


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


def claim_terms(claim: Claim) -> Counter:
    """Stemmed content words, numbers and years. Entity names are not added
    again: their words are already there, and counting them twice let one shared
    name (a hospital, a city) pull unrelated sentences together."""
    terms = Counter(content_stems(claim.citation.text))
    for quantity in claim.quantities:
        terms[f"num:{quantity.value:g}"] += 1
    for date in claim.dates:
        if date.value:
            terms["date:" + date.value[:4]] += 1
    return terms


def tfidf_vectors(term_counts: Sequence[Counter]) -> tuple[list[Vector], dict[str, float]]:
    df = Counter(term for counts in term_counts for term in counts)
    n = len(term_counts)
    idf = {term: math.log((n + 1) / (freq + 1)) + 1.0 for term, freq in df.items()}
    vectors = []
    for counts in term_counts:
        vec = {t: (1 + math.log(c)) * idf[t] if c >= 1 else c * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors, idf


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def candidate_pairs(vectors: Sequence[Vector], idf: dict[str, float], limit: int
                    ) -> set[tuple[int, int]]:
    """Pairs sharing rare terms, at most ``limit`` per claim (blocking)."""
    postings: dict[str, list[int]] = defaultdict(list)
    keys = []
    for index, vec in enumerate(vectors):
        rare = sorted(vec, key=lambda t: (-idf[t], t))[:TERMS_PER_CLAIM]
        keys.append(rare)
        for term in rare:
            postings[term].append(index)
    pairs = set()
    for index, rare in enumerate(keys):
        shared: Counter = Counter()
        for term in rare:
            bucket = postings[term]
            if len(bucket) > limit * 4:  # too common to say anything
                continue
            shared.update(j for j in bucket if j != index)
        for j, _ in shared.most_common(limit):
            pairs.add((min(index, j), max(index, j)))
    return pairs


@dataclass(frozen=True)
class Alignment:
    """Groups of claim indices, and how alike any two claims are."""

    groups: list[list[int]]
    node_of: list[int]  # claim index -> node (claims with the same words share one)
    similarity_of_nodes: Callable[[int, int], float]

    def similarity(self, i: int, j: int) -> float:
        return self.similarity_of_nodes(self.node_of[i], self.node_of[j])


def align_claims(claims: Sequence[Claim], threshold: float, limit: int,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> Alignment:
    """Group indices of ``claims`` that state the same proposition.

    Claims with the same words (wire copies) are aligned once, as one node.
    With ``embed``, similarity is the mean of the lexical cosine and the
    embedding cosine, which lets paraphrases with few shared words align.
    """
    node_of: dict[str, int] = {}
    members: list[list[int]] = []
    for index, claim in enumerate(claims):
        key = " ".join(WORD.findall(claim.citation.text.lower()))
        if key not in node_of:
            node_of[key] = len(members)
            members.append([])
        members[node_of[key]].append(index)
    vectors, idf = tfidf_vectors([claim_terms(claims[m[0]]) for m in members])
    similarity = _similarity(vectors, [claims[m[0]].citation.text for m in members], embed)
    edges = []
    for i, j in candidate_pairs(vectors, idf, limit):
        score = similarity(i, j)
        if score >= threshold:
            edges.append((score, i, j))
    edges.sort(reverse=True)
    groups = [sorted(index for node in nodes for index in members[node])
              for nodes in _average_linkage(edges, len(vectors), similarity, threshold)]
    node_of = [0] * len(claims)
    for node, indices in enumerate(members):
        for index in indices:
            node_of[index] = node
    return Alignment(groups, node_of, similarity)


def _similarity(vectors: Sequence[Vector], texts: list[str],
                embed: Callable[[list[str]], np.ndarray] | None) -> Callable[[int, int], float]:
    """Similarity of two nodes, remembered: linkage asks for the same pairs again."""
    dense = embed(texts) if embed is not None else None

    @functools.lru_cache(maxsize=1_000_000)
    def ordered(i: int, j: int) -> float:
        lexical = cosine(vectors[i], vectors[j])
        return lexical if dense is None else 0.5 * lexical + 0.5 * float(dense[i] @ dense[j])

    return lambda i, j: ordered(i, j) if i <= j else ordered(j, i)


def _average_linkage(edges, n: int, similarity: Callable[[int, int], float],
                     threshold: float) -> list[list[int]]:
    """Greedy average linkage, strongest pair first: two groups join only if
    their members are similar on average, which stops chains of weak links."""
    group_of = list(range(n))
    members = {i: [i] for i in range(n)}
    for _, i, j in edges:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        total = sum(similarity(x, y) for x in members[a] for y in members[b])
        if total / (len(members[a]) * len(members[b])) < threshold:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for index in members[b]:
            group_of[index] = a
        members[a].extend(members.pop(b))
    return list(members.values())

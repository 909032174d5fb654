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
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..models import Claim
from ..nlp.stems import WORD, content_stems

if TYPE_CHECKING:
    from ..nlp.judge import PairJudge

TERMS_PER_CLAIM = 10  # rarest terms used to look up candidates
Vector = dict[str, float]


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
    threshold: float  # similarity at or above which two claims were linked

    def similarity(self, i: int, j: int) -> float:
        return self.similarity_of_nodes(self.node_of[i], self.node_of[j])


def align_claims(claims: Sequence[Claim], threshold: float, limit: int,
                 judge: "PairJudge | None" = None) -> Alignment:
    """Group indices of ``claims`` that state the same proposition.

    Claims with the same words (wire copies) are aligned once, as one node.
    Without a judge, similarity is the TF-IDF cosine. With one, candidates
    also come from the nearest neighbours in embedding space (paraphrases
    that share no rare word), and similarity is the judge's probability that
    the two claims are one frame (the same event about the same things, values
    aside: differing values then show as variances of the group), linked at
    the threshold calibrated on real multi-outlet stories. A ``threshold`` of
    0 takes that calibrated one.
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
    # the judge costs more per pair, and embedding neighbours find what words miss
    pairs = candidate_pairs(vectors, idf, limit if judge is None else min(limit, JUDGED_LIMIT))
    if judge is None:
        threshold = threshold or LEXICAL_THRESHOLD
        similarity = _lexical_similarity(vectors)
        scored = [(similarity(i, j), i, j) for i, j in pairs]
    else:
        nodes = [claims[m[0]] for m in members]
        dense = judge.encoder.encode([c.citation.text for c in nodes])
        pairs |= nearest_pairs(dense, min(limit, NEIGHBOURS))
        similarity = _JudgedSimilarity(judge, nodes, dense, stem_idf(nodes))
        scored = similarity.score(sorted(pairs))
        threshold = threshold or judge.model.align_threshold
    edges = sorted(((score, i, j) for score, i, j in scored if score >= threshold), reverse=True)
    groups = [sorted(index for node in nodes_ for index in members[node])
              for nodes_ in _average_linkage(edges, len(members), similarity, threshold)]
    node_list = [0] * len(claims)
    for node, indices in enumerate(members):
        for index in indices:
            node_list[index] = node
    return Alignment(groups, node_list, similarity, threshold)


LEXICAL_THRESHOLD = 0.3  # TF-IDF cosine of one proposition, without the judge
JUDGED_LIMIT = 20  # lexical candidates per claim when the judge scores them
# nearest neighbours in embedding space added as candidates per claim: on 200 real reports
# as one story, 10 gave 354 groups of 2+ reports against 5's 351, for 18 % more time
NEIGHBOURS = 5
EXACT_NEIGHBOURS_UP_TO = 4096  # above this many claims, neighbours come from SimHash buckets
SIMHASH_BITS, SIMHASH_TABLES = 6, 8
# candidate pairs judged at once: a story's 100,000s of pairs, with both claims'
# vectors and features per pair, would take most of a GB together
SCORE_BATCH = 4096


def nearest_pairs(dense: np.ndarray, k: int) -> set[tuple[int, int]]:
    """Each row's ``k`` most similar rows: exact for small stories, within
    random-hyperplane (SimHash) buckets for large ones, so the cost grows
    about linearly with the story rather than with its square."""
    n = len(dense)
    if n < 2 or k < 1:
        return set()
    if n <= EXACT_NEIGHBOURS_UP_TO:
        return _top_k_pairs(dense, np.arange(n), k)
    rng = np.random.default_rng(0)
    powers = 1 << np.arange(SIMHASH_BITS)
    pairs: set[tuple[int, int]] = set()
    for _ in range(SIMHASH_TABLES):
        codes = ((dense @ rng.standard_normal((dense.shape[1], SIMHASH_BITS))) > 0) @ powers
        for code in np.unique(codes):
            bucket = np.flatnonzero(codes == code)
            if len(bucket) > 1:
                pairs |= _top_k_pairs(dense, bucket, k)
    return pairs


def _top_k_pairs(dense: np.ndarray, rows: np.ndarray, k: int, block: int = 1024
                 ) -> set[tuple[int, int]]:
    pairs = set()
    k = min(k, len(rows) - 1)
    for start in range(0, len(rows), block):
        chunk = rows[start:start + block]
        scores = dense[chunk] @ dense[rows].T
        scores[np.arange(len(chunk)), np.arange(start, start + len(chunk))] = -np.inf
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        for i, js in zip(chunk, rows[best]):
            pairs.update((min(i, j), max(i, j)) for j in js.tolist())
    return pairs


def stem_idf(claims: Sequence[Claim]) -> dict[str, float]:
    """IDF of content stems over the claims of one story (the judge's word overlap weights)."""
    df = Counter(stem for c in claims for stem in set(content_stems(c.citation.text)))
    n = len(claims)
    return {stem: math.log((n + 1) / (freq + 1)) + 1.0 for stem, freq in df.items()}


def _lexical_similarity(vectors: Sequence[Vector]) -> Callable[[int, int], float]:
    """Cosine of two nodes, remembered: linkage asks for the same pairs again."""

    @functools.lru_cache(maxsize=1_000_000)
    def ordered(i: int, j: int) -> float:
        return cosine(vectors[i], vectors[j])

    return lambda i, j: ordered(i, j) if i <= j else ordered(j, i)


class _JudgedSimilarity:
    """The judge's fact score of two nodes, scored in batches and remembered."""

    def __init__(self, judge: "PairJudge", nodes: Sequence[Claim], dense: np.ndarray,
                 idf: dict[str, float]):
        self.judge, self.nodes, self.dense, self.idf = judge, nodes, dense, idf
        self.known: dict[tuple[int, int], float] = {}

    def score(self, pairs: Sequence[tuple[int, int]]) -> list[tuple[float, int, int]]:
        scored = []
        for start in range(0, len(pairs), SCORE_BATCH):
            batch = pairs[start:start + SCORE_BATCH]
            rows = np.array(batch)
            cosines = np.einsum("ij,ij->i", self.dense[rows[:, 0]], self.dense[rows[:, 1]])
            features = self.judge.features([(self.nodes[i], self.nodes[j]) for i, j in batch],
                                           cosines, self.idf)
            for (i, j), p in zip(batch, self.judge.fact_scores(features).tolist()):
                self.known[(i, j)] = p
                scored.append((p, i, j))
        return scored

    def __call__(self, i: int, j: int) -> float:
        if i == j:
            return 1.0
        key = (i, j) if i < j else (j, i)
        if key not in self.known:
            self.score([key])
        return self.known[key]


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

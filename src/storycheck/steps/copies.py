"""Find syndicated copies and copied passages.

Document level: MinHash LSH over word 5-gram shingles proposes candidate pairs
(so the cost stays near-linear in the number of documents), and the exact
shingle containment of the shorter document decides. Passage level: two claims
in the same group whose words are nearly identical are one copied passage.
The earlier publication is the original; without dates, the earlier input.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from ..models import Claim, CopyLink, Document

SHINGLE = 5
NUM_PERM = 64
LSH_THRESHOLD = 0.3  # loose on purpose: containment, not Jaccard, decides
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _minhash(shingle_set: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return mh


def find_document_copies(docs: Sequence[Document], threshold: float) -> list[CopyLink]:
    """Pairs where most of one document's shingles appear in the other."""
    sets = [shingles(d.text) for d in docs]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    links = []
    for index, shingle_set in enumerate(sets):
        if not shingle_set:
            continue
        mh = _minhash(shingle_set)
        for other in lsh.query(mh):
            score = containment(shingle_set, sets[other])
            if score >= threshold:
                original, copy = order_pair(docs, other, index)
                links.append(CopyLink(copy.id, original.id, "document", round(score, 3)))
        lsh.insert(index, mh)
    return links


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def order_pair(docs: Sequence[Document], i: int, j: int) -> tuple[Document, Document]:
    """(original, copy): the earlier publication first, else the earlier input."""
    a, b = docs[i], docs[j]
    if a.published and b.published and _comparable(a.published) != _comparable(b.published):
        return (a, b) if _comparable(a.published) < _comparable(b.published) else (b, a)
    return (a, b) if i < j else (b, a)


def _comparable(value):
    return value.replace(tzinfo=None) if value.tzinfo is None else \
        value.astimezone(tz=None).replace(tzinfo=None)


def _jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def passage_clusters(claims: Sequence[Claim], threshold: float) -> list[int]:
    """Label claims so that near-verbatim copies of one passage share a label.

    Leader clustering: each claim joins the first earlier passage it nearly
    repeats. Identical wire copies are matched by a dictionary first, so a
    group repeated by hundreds of copies costs little.
    """
    labels: list[int] = []
    leaders: list[set[str]] = []
    exact: dict[str, int] = {}
    for claim in claims:
        key = " ".join(WORD.findall(claim.citation.text.lower()))
        if key in exact:
            labels.append(exact[key])
            continue
        grams = shingles(claim.citation.text, 3)
        label = next((k for k, lead in enumerate(leaders) if _jaccard(grams, lead) >= threshold), None)
        if label is None:
            label = len(leaders)
            leaders.append(grams)
        exact[key] = label
        labels.append(label)
    return labels

"""Find syndicated copies and copied passages.

Document level: MinHash LSH over word 5-gram shingles proposes candidate pairs
(so the cost stays near-linear in the number of documents), and the exact
shingle containment of the shorter document decides. Passage level: two claims
in the same group whose words are nearly identical are one copied passage.
The earlier publication is the original; without dates, the earlier input.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..models import Claim, CopyLink, Document
from ..algorithms.minhash import BandIndex, band_keys, containment, minhash, shingle_hashes

WORD = re.compile(r"\w+")
PASSAGE_SHINGLE = 3  # words per shingle when comparing two sentences


def shingles(text: str, size: int = PASSAGE_SHINGLE) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def find_document_copies(docs: Sequence[Document], threshold: float) -> list[CopyLink]:
    """Pairs where most of one document's shingles appear in the other."""
    hashes = [shingle_hashes(d.text) for d in docs]
    index = BandIndex()
    links = []
    for number, doc_hashes in enumerate(hashes):
        signature = minhash(doc_hashes)
        if signature is None:
            continue
        keys = band_keys(signature[None, :])[0]
        for other in sorted(index.query(keys)):
            score = containment(doc_hashes, hashes[other])
            if score >= threshold:
                original, copy = order_pair(docs, other, number)
                links.append(CopyLink(copy.id, original.id, "document", round(score, 3)))
        index.insert(number, keys)
    return links


def order_pair(docs: Sequence[Document], i: int, j: int) -> tuple[Document, Document]:
    """(original, copy): the earlier publication first, else the earlier input."""
    a, b = docs[i], docs[j]
    if a.published and b.published and _comparable(a.published) != _comparable(b.published):
        return (a, b) if _comparable(a.published) < _comparable(b.published) else (b, a)
    return (a, b) if i < j else (b, a)


def _comparable(value):
    """Naive UTC: naive times are UTC, as in the store (``io.identity.utc_iso``)."""
    return value if value.tzinfo is None else \
        value.astimezone(dt.timezone.utc).replace(tzinfo=None)


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
        grams = shingles(claim.citation.text)
        label = next((k for k, lead in enumerate(leaders) if _jaccard(grams, lead) >= threshold), None)
        if label is None:
            label = len(leaders)
            leaders.append(grams)
        exact[key] = label
        labels.append(label)
    return labels

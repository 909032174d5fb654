"""Passages that state a claim group's claim among other things.

Alignment puts each claim in one group, but a report's sentence often states
several facts that other reports give one by one ("nine people were shot
around 3:30 a.m. inside and outside the club" holds the time, the count and
the place). Such a sentence supports every group whose claim it states in
full: for each group, passages of other documents are retrieved through an
index (as ``check`` does, so the cost stays about claims x candidates) and
kept when the support model (``nlp.support``) finds all of the group's
representative claim in them, its names and numbers included.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..models import Claim
from ..nlp.judge import PairJudge
from ..nlp.support import SupportModel, support_scores
from .retrieve import ClaimIndex


CANDIDATES = 10  # passages retrieved per group: on the claim gold 10 found what 20 did


def stated_within(claims: Sequence[Claim], groups: Sequence[Sequence[Claim]],
                  shown: Sequence[Claim], judge: PairJudge, threshold: float,
                  model: SupportModel | None = None) -> list[list[Claim]]:
    """For each group (its members, and ``shown``: the claim it is shown by), the
    claims of documents outside it that state all of ``shown``, at P >= ``threshold``."""
    model = model or SupportModel.packaged()
    if not groups or not claims:
        return [[] for _ in groups]
    index = ClaimIndex.build(claims, judge.encoder.encode)
    found = index.search(shown, CANDIDATES, judge.encoder.encode)
    insides = [{c.citation.document for c in members} for members in groups]
    pairs, owners = [], []
    for number, (inside, claim, hits) in enumerate(zip(insides, shown, found)):
        for hit in hits:
            passage = index.entries[hit.entry][0]
            # a passage that denies what the claim affirms (or the other way) does not state it
            if passage.citation.document not in inside and passage.negated == claim.negated:
                pairs.append((claim, passage))
                owners.append((number, hit.entry))
    extra: list[list[Claim]] = [[] for _ in groups]
    scores = support_scores(judge, model, pairs, index.idf) if pairs else []
    for (number, entry), score in zip(owners, scores):
        if score >= threshold:
            extra[number].extend(c for c in index.entries[entry]
                                 if c.citation.document not in insides[number])
    return extra

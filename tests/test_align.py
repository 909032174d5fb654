import numpy as np

from storycheck.models import Citation, Claim
from storycheck.steps.align import (align_claims, candidate_pairs, claim_terms, nearest_pairs,
                                    tfidf_vectors)


def claim(doc, text):
    return Claim(id=f"{doc}@0", citation=Citation(doc, 0, len(text), text))


CLAIMS = [
    claim("a", "The ferry Marisol caught fire on Orrin Lake on Tuesday evening."),
    claim("b", "Fire broke out aboard the Marisol ferry on Orrin Lake on Tuesday."),
    claim("c", "Shares in the ferry operator fell sharply in early trading."),
    claim("d", "The lake patrol rescued twenty passengers from the water."),
]


def test_paraphrases_align_and_other_propositions_do_not():
    groups = align_claims(CLAIMS, threshold=0.3, limit=50).groups
    assert [0, 1] in groups
    assert [2] in groups and [3] in groups


def test_identical_wire_copies_are_one_node():
    copies = CLAIMS[:1] + [claim(f"copy{i}", CLAIMS[0].citation.text) for i in range(5)]
    alignment = align_claims(copies, threshold=0.3, limit=50)
    assert alignment.groups == [[0, 1, 2, 3, 4, 5]]
    assert len(set(alignment.node_of)) == 1


def test_blocking_bounds_candidates_per_claim():
    many = [claim(f"d{i}", f"Harbour crane number {i} was inspected on Monday by engineers")
            for i in range(300)]
    vectors, idf = tfidf_vectors([claim_terms(c) for c in many])
    pairs = candidate_pairs(vectors, idf, limit=10)
    assert len(pairs) <= 300 * 10


def test_the_judge_aligns_a_paraphrase_in_other_words(judge):
    pair = [claim("a", "Police arrested two men over the robbery on Friday."),
            claim("b", "Two men were detained by officers on Friday in connection with the robbery."),
            claim("c", "Shares in the port operator fell six percent on Friday.")]
    judged = align_claims(pair, threshold=0.0, limit=50, judge=judge)
    assert judged.threshold == judge.model.same_threshold
    assert [0, 1] in judged.groups and [2] in judged.groups


def test_nearest_pairs_are_exact_for_small_sets_and_bucketed_for_large_ones(monkeypatch):
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((50, 16))
    points = np.repeat(centres, 2, axis=0) + 0.01 * rng.standard_normal((100, 16))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    twins = {(2 * i, 2 * i + 1) for i in range(50)}
    assert twins <= nearest_pairs(points, 1)
    monkeypatch.setattr("storycheck.steps.align.EXACT_NEIGHBOURS_UP_TO", 10)
    bucketed = nearest_pairs(points, 1)
    assert len(twins & bucketed) >= 45  # near-duplicates share a bucket in some table
    assert len(bucketed) < 100 * 99 / 2 / 4  # far fewer than all pairs

import numpy as np

from storycheck.models import Citation, Claim
from storycheck.steps.align import align_claims, candidate_pairs, claim_terms, tfidf_vectors


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


def test_embeddings_blend_into_the_similarity():
    """A paraphrase with few shared words aligns once its embedding agrees."""
    pair = [claim("a", "Nobody died in the crane collapse at the harbour."),
            claim("b", "The harbour accident claimed no lives, officials said.")]
    assert align_claims(pair, threshold=0.5, limit=50).groups == [[0], [1]]

    def agreeing(texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0  # unit vectors, cosine 1

    assert align_claims(pair, threshold=0.5, limit=50, embed=agreeing).groups == [[0, 1]]

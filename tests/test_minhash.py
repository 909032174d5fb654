"""MinHash signatures and the signature pre-filter of copy candidates (algorithms.minhash)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from storycheck.algorithms.minhash import NUM_PERM, containment, may_contain, minhash, shingle_hashes

# Invented vocabulary; texts are random sentences over it, so every pair of
# texts shares words but almost no 5-word runs unless one copies the other.
WORDS = ("harbour council ferry budget river school bridge vote storm depot mayor clinic "
         "tram union court pier market library grant flood road tower station hall "
         "crew ward lane quay mill orchard beacon canal dock furnace kiln meadow").split()


def sentences(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
            for _ in range(n)]


def signed(text: str) -> tuple[np.ndarray, np.ndarray, int]:
    hashes = shingle_hashes(text)
    return hashes, minhash(hashes), len(hashes)


def test_signatures_estimate_jaccard_similarity():
    errors = []
    for seed in range(20):
        base = shingle_hashes(" ".join(sentences(seed, 50)))
        rng = np.random.default_rng(seed)
        for share in (0.2, 0.5, 0.8):
            part = base[rng.random(len(base)) < share]  # still sorted
            jaccard = len(part) / len(base)
            errors.append((minhash(base) == minhash(part)).mean() - jaccard)
    assert abs(np.mean(errors)) < 0.02  # unbiased
    assert np.sqrt(np.mean(np.square(errors))) < 0.08  # about a binomial's spread over 64 slots


def test_short_texts_fill_every_slot_and_match_themselves():
    signature = minhash(shingle_hashes("Tram depot reopens"))
    assert len(signature) == NUM_PERM and len(set(signature.tolist())) == NUM_PERM
    assert (signature == minhash(shingle_hashes("TRAM depot, reopens!"))).all()
    assert minhash(shingle_hashes("")) is None


def test_prefilter_keeps_copies_and_rules_out_other_texts():
    original = sentences(1, 60)
    new, new_sig, new_size = signed(" ".join(original))
    copy = original[:54] + sentences(2, 6)  # a rewrite of the last paragraph
    excerpt = original[10:40]  # a third of the article, verbatim
    other = sentences(3, 60)
    rows = [signed(" ".join(text)) for text in (copy, excerpt, other)]
    others = np.array([sig for _, sig, _ in rows])
    sizes = np.array([size for _, _, size in rows])
    assert [containment(new, h) >= 0.8 for h, _, _ in rows] == [True, True, False]
    assert may_contain(new_sig, new_size, others, sizes, 0.8).tolist() == [True, True, False]


def test_prefilter_never_rules_out_short_or_unsized_texts():
    _, sig, size = signed(" ".join(sentences(4, 60)))
    _, other, other_size = signed(" ".join(sentences(5, 60)))
    _, short, short_size = signed(" ".join(sentences(6, 3)))
    assert short_size < 4 * NUM_PERM <= min(size, other_size)
    kept = may_contain(sig, size, np.array([other, other, short]),
                       np.array([other_size, 0, short_size]), 0.8)
    assert kept.tolist() == [False, True, True]


@pytest.mark.parametrize("seed", range(5))
def test_prefilter_misses_no_copy_at_the_threshold(seed):
    """A rewrite whose containment is exactly the threshold still passes."""
    rng = random.Random(seed)
    original = sentences(100 + seed, 60)
    copy = [s if rng.random() < 0.85 else sentences(200 + seed, 1)[0] for s in original]
    a, sig_a, size_a = signed(" ".join(original))
    b, sig_b, size_b = signed(" ".join(copy))
    threshold = containment(a, b)
    assert 0.8 <= threshold < 1.0
    assert may_contain(sig_a, size_a, sig_b[None, :], np.array([size_b]), threshold).all()


def test_hashes_do_not_depend_on_text_length_or_earlier_calls():
    """Powers for texts past the tabled length are computed for the call; the
    table itself is read-only, so no call changes what another sees."""
    from storycheck.algorithms.minhash import POWERS_KEPT, polynomial_powers

    tail = "the quay crane fell on the ferry pier at dawn"
    short = shingle_hashes(tail)
    long = shingle_hashes("harbour " * (POWERS_KEPT // 8 + 100) + tail)
    assert set(short) <= set(long)
    power, inverse = polynomial_powers(10)
    assert not power.flags.writeable and not inverse.flags.writeable
    assert (power[:3] * inverse[:3] == 1).all()

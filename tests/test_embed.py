"""Sentence embeddings from the packaged ONNX model (part of the default install)."""
import numpy as np

from storycheck.nlp.embed import SentenceEncoder


def test_paraphrases_are_closer_than_unrelated_sentences():
    vectors = SentenceEncoder.load().encode([
        "The bridge was closed to traffic on Monday.",
        "Officials shut the bridge to cars on Monday.",
        "The orchestra announced its winter programme.",
    ])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_each_text_is_encoded_once_and_order_is_kept():
    encoder = SentenceEncoder.load()
    texts = ["A ferry ran aground.", "Rain closed the airport.", "A ferry ran aground."]
    vectors = encoder.encode(texts)
    assert len(encoder._cache) == 2
    assert np.allclose(vectors[0], vectors[2])
    assert encoder.encode([]).shape == (0, 384)

